// The errors of subscriptions, each with its code and HTTP status (the status answers SSE requests and
// WebSocket upgrades refused before they start).
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { defineError } from '../errors/index.ts';

/** A subscription sent as a plain HTTP request: it needs a stream. */
export const subscriptionTransportRequired = defineError('SUBSCRIPTION_TRANSPORT_REQUIRED', 400);
/** Over `max_per_connection` or `max_per_principal`. */
export const subscriptionLimitExceeded = defineError('SUBSCRIPTION_LIMIT_EXCEEDED', 429);
/** Over `max_connections_per_address`. */
export const tooManyConnections = defineError('TOO_MANY_CONNECTIONS', 429);
/** A new supergraph is serving: open streams end with this (as Apollo Router's do), so clients subscribe to the new graph. */
export const supergraphChanged = defineError('SUBSCRIPTION_SCHEMA_RELOAD', 503);
/** The gateway is stopping: streams end with this, new subscriptions are refused. */
export const shuttingDown = defineError('SHUTTING_DOWN', 503);

/** An error as a client receives it over a stream: no HTTP extension, INTERNAL_SERVER_ERROR for anything that is no GraphQLError. */
export function formattedErrorOf(error: unknown): GraphQLFormattedError {
  if (!(error instanceof GraphQLError)) return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
  return { ...error.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR', ...extensions } };
}
