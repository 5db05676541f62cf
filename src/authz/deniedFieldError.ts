// The error a denied field reports at its path: FORBIDDEN, or UNAUTHENTICATED when the caller sent no
// token. A rule's own GraphQLError keeps its code. No HTTP status: the rest of the response is data.
import { GraphQLError, responsePathAsArray } from 'graphql';
import type { ResponsePath } from './responsePath.ts';

export const FORBIDDEN = 'FORBIDDEN';
export const UNAUTHENTICATED = 'UNAUTHENTICATED';

export function defaultDenialMessage(coordinate: string): string {
  return `Not authorized to read ${coordinate}`;
}

export function deniedFieldError(error: Error | undefined, coordinate: string, authenticated: boolean, path: ResponsePath): GraphQLError {
  const code = authenticated ? FORBIDDEN : UNAUTHENTICATED;
  const own = error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions : undefined;
  const { http: _http, ...extensions } = own ?? {};
  // A denial is an answer, not a fault: its stack trace is never read, and capturing one per denied
  // value would be most of the cost of a large response with a denied field in a list.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(error?.message || defaultDenialMessage(coordinate), {
      path: responsePathAsArray(path),
      extensions: own ? extensions : { code },
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
