// The errors a failed subgraph fetch becomes. They are returned as the fetch's GraphQL errors (not
// thrown), so @apollo/gateway places them at the failed fetch's path, keeps the rest of the answer,
// and tags them with the subgraph's name for masking.
import type { GraphQLFormattedError } from 'graphql';

export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';
export const SUBGRAPH_TIMEOUT = 'SUBGRAPH_TIMEOUT';
export const SUBGRAPH_INVALID_RESPONSE = 'SUBGRAPH_INVALID_RESPONSE';

export type SubgraphFailureCode = typeof SUBGRAPH_UNAVAILABLE | typeof SUBGRAPH_TIMEOUT | typeof SUBGRAPH_INVALID_RESPONSE;

function subgraphFailure(code: SubgraphFailureCode, message: string, details: Record<string, unknown> = {}): GraphQLFormattedError {
  return { message, extensions: { code, ...details } };
}

/** Nothing answered: connection refused or lost, or a 5xx without a GraphQL body. Never names the URL. */
export function subgraphUnavailable(subgraph: string, reason: string): GraphQLFormattedError {
  return subgraphFailure(SUBGRAPH_UNAVAILABLE, `Subgraph "${subgraph}" is unavailable (${reason})`);
}

export function subgraphTimeout(subgraph: string, timeoutMs: number): GraphQLFormattedError {
  return subgraphFailure(SUBGRAPH_TIMEOUT, `Subgraph "${subgraph}" did not answer within ${timeoutMs} ms`, { timeoutMs });
}

/** An answer that is not a GraphQL response: not JSON, not an object, or neither data nor errors. */
export function subgraphInvalidResponse(subgraph: string, problem: string, status: number): GraphQLFormattedError {
  return subgraphFailure(SUBGRAPH_INVALID_RESPONSE, `Subgraph "${subgraph}" sent an invalid response: ${problem}`, { status });
}
