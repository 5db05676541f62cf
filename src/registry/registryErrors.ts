// Every error the registry answers with: a stable code, the HTTP status beside it, and details a
// client (the CLI, a CI script) can act on. One factory per code.
import type { CompositionProblem } from '../compose/index.ts';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly code: string,
    /** The HTTP status; named as fastify names it, so fastify's hooks pass it through. */
    readonly statusCode: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The response body: `{ error: { code, message, ...details } }`. */
  toJSON(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

function defineRegistryError(code: string, status: number) {
  const create = (message: string, details?: Record<string, unknown>) => new RegistryError(code, status, message, details);
  return Object.assign(create, { code, status });
}

export const badRequest = defineRegistryError('BAD_REQUEST', 400);
export const unauthenticated = defineRegistryError('UNAUTHENTICATED', 401);
export const forbidden = defineRegistryError('FORBIDDEN', 403);
export const subgraphNotFound = defineRegistryError('SUBGRAPH_NOT_FOUND', 404);
export const versionNotFound = defineRegistryError('VERSION_NOT_FOUND', 404);
export const noSupergraph = defineRegistryError('NO_SUPERGRAPH', 404);
export const tokenNotFound = defineRegistryError('TOKEN_NOT_FOUND', 404);
export const checkNotFound = defineRegistryError('CHECK_NOT_FOUND', 404);
export const routeNotFound = defineRegistryError('NOT_FOUND', 404);
export const routingUrlRequired = defineRegistryError('ROUTING_URL_REQUIRED', 400);
export const lastSubgraph = defineRegistryError('LAST_SUBGRAPH', 409);
export const newlyExposedFields = defineRegistryError('NEWLY_EXPOSED_FIELDS', 422);
export const payloadTooLarge = defineRegistryError('PAYLOAD_TOO_LARGE', 413);
export const internalError = defineRegistryError('INTERNAL_SERVER_ERROR', 500);

const compositionFailedError = defineRegistryError('COMPOSITION_FAILED', 422);

/** Composition rejected the candidate: every composition error with its code, as rover prints them. */
export function compositionFailed(subject: string, problems: readonly CompositionProblem[]): RegistryError {
  const count = problems.length;
  return compositionFailedError(`${subject}: composition failed with ${count} error${count === 1 ? '' : 's'}; nothing was changed`, {
    compositionErrors: problems.map(({ code, message }) => ({ code, message })),
  });
}
export const COMPOSITION_FAILED = compositionFailedError.code;
