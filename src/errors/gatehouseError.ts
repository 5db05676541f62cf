// Every error a client can see is built here: a stable `extensions.code` and the HTTP status beside it.
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

export interface GatehouseErrorOptions extends Omit<GraphQLErrorOptions, 'extensions'> {
  /** Values that explain the rejection, e.g. `{ depth: 12, maxDepth: 10 }`. */
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Builds the factory for one error code: `const forbidden = defineError('FORBIDDEN', 403)`. */
export function defineError(code: string, status: number) {
  const create = (message: string, options: GatehouseErrorOptions = {}): GraphQLError => {
    const { details, headers, ...graphqlOptions } = options;
    const http: { status: number; headers?: Map<string, string> } = { status };
    if (headers) http.headers = new Map(Object.entries(headers));
    return new GraphQLError(message, { ...graphqlOptions, extensions: { code, ...details, http } });
  };
  return Object.assign(create, { code, status });
}

export const badRequest = defineError('BAD_REQUEST', 400);
export const payloadTooLarge = defineError('PAYLOAD_TOO_LARGE', 413);
export const notFound = defineError('NOT_FOUND', 404);
export const internalServerError = defineError('INTERNAL_SERVER_ERROR', 500);
export const supergraphNotLoaded = defineError('SUPERGRAPH_NOT_LOADED', 503);
