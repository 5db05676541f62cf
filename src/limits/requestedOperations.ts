// The operations an HTTP request asks for, read the way Apollo Server will read them (POST body, a
// batch array, or GET search parameters), so the limits see exactly what will run. Anything malformed
// is skipped here: Apollo Server refuses it with its own error.
import type { FastifyRequest } from 'fastify';

export interface RequestedOperation {
  readonly query: string | undefined;
  readonly operationName: string | undefined;
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  /** `extensions.persistedQuery.sha256Hash`: the document's id (APQ or a safelist manifest). */
  readonly documentId: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

export function operationOf(params: unknown): RequestedOperation {
  const record = isRecord(params) ? params : {};
  const variables = parsedJson(record.variables);
  const extensions = parsedJson(record.extensions);
  const persisted = isRecord(extensions) ? extensions.persistedQuery : undefined;
  const documentId = isRecord(persisted) && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
  return {
    query: typeof record.query === 'string' && record.query !== '' ? record.query : undefined,
    operationName: typeof record.operationName === 'string' ? record.operationName : undefined,
    variables: isRecord(variables) ? variables : undefined,
    documentId,
  };
}

/** The request's body as a list of operations; a batch is an array body. */
export function requestedBody(request: FastifyRequest): unknown {
  return request.method === 'GET' ? request.query : request.body;
}
