// Subgraphs' error messages can carry internals (SQL, hostnames, stack traces): clients get a
// redacted message with a stable code unless the operator allows them through.
import type { GraphQLFormattedError } from 'graphql';

export const REDACTED_SUBGRAPH_ERROR = 'Subgraph errors redacted';

export interface MaskOptions {
  includeSubgraphErrors: boolean;
}

export function formatClientError(formatted: GraphQLFormattedError, options: MaskOptions): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (!extensions) return formatted;
  const { serviceName, exception, stacktrace, ...rest } = extensions as Record<string, unknown>;
  const fromSubgraph = serviceName !== undefined;
  if (!fromSubgraph && exception === undefined && stacktrace === undefined) return formatted;
  if (!fromSubgraph || options.includeSubgraphErrors) {
    return { ...formatted, extensions: fromSubgraph && options.includeSubgraphErrors ? { ...rest, serviceName } : rest };
  }
  return {
    message: REDACTED_SUBGRAPH_ERROR,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: typeof rest.code === 'string' ? rest.code : 'SUBGRAPH_ERROR' },
  };
}
