// Subgraphs' error messages can carry internals (SQL, hostnames, stack traces): clients get a
// redacted message with a stable code unless the operator allows them through, for all subgraphs
// or per subgraph. Neither way do stack traces or (when masked) the subgraph's name reach a client.
import type { GraphQLFormattedError } from 'graphql';

export const REDACTED_SUBGRAPH_ERROR = 'Subgraph errors redacted';

export interface MaskOptions {
  /** Whether a subgraph's own messages pass through: one answer for all, or one per subgraph name. */
  includeSubgraphErrors: boolean | ((subgraph: string) => boolean);
}

function includesErrorsOf(subgraph: string, options: MaskOptions): boolean {
  const { includeSubgraphErrors } = options;
  return typeof includeSubgraphErrors === 'function' ? includeSubgraphErrors(subgraph) : includeSubgraphErrors;
}

export function formatClientError(formatted: GraphQLFormattedError, options: MaskOptions): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (!extensions) return formatted;
  const { serviceName, exception, stacktrace, ...rest } = extensions as Record<string, unknown>;
  if (typeof serviceName !== 'string') {
    if (exception === undefined && stacktrace === undefined) return formatted;
    return { ...formatted, extensions: rest };
  }
  if (includesErrorsOf(serviceName, options)) return { ...formatted, extensions: { ...rest, serviceName } };
  return {
    message: REDACTED_SUBGRAPH_ERROR,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: typeof rest.code === 'string' ? rest.code : 'SUBGRAPH_ERROR' },
  };
}
