// GraphQL over WebSocket (the graphql-ws protocol) at the GraphQL path: graphql-ws's server, on the
// sockets @fastify/websocket upgrades. The token comes in `connection_init`'s payload as
// `{ "Authorization": "Bearer …" }`; every operation is started by the subscription service.
import type { WebsocketHandler } from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import {
  buildSchema,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  parse,
} from 'graphql';
import { CloseCode, makeServer } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { SubscriptionsConfig } from '../config/subscriptionsConfig.ts';
import type { Logger } from '../observability/index.ts';
import { operationRequest } from './operationRequest.ts';
import type { OpenCounts } from './subscriptionBounds.ts';
import { formattedErrorOf, subscriptionLimitExceeded } from './subscriptionErrors.ts';
import type { SubscriptionService } from './subscriptionService.ts';

interface ConnectionExtra {
  readonly request: FastifyRequest;
}

// graphql-ws decides between `execute` and `subscribe` from the operation type of the arguments
// onSubscribe returns; the operation itself already ran through the gateway, so these stand in for it.
const STAND_IN_SCHEMA = buildSchema('type Query { ok: Boolean } type Subscription { ok: Boolean }');
const STAND_IN_QUERY = parse('{ ok }');
const STAND_IN_SUBSCRIPTION = parse('subscription { ok }');

/** graphql-ws sends refusals as GraphQLErrors (their toJSON); ours are already in their final shape. */
function graphqlErrorOf(error: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(error.message, { path: error.path, extensions: error.extensions });
}

function authorizationOf(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  for (const [key, value] of Object.entries(payload)) {
    if (key.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  }
  return undefined;
}

export interface WebSocketTransportOptions {
  /** The service, once the gateway is assembled. */
  service: () => SubscriptionService;
  config: SubscriptionsConfig;
  /** WebSocket connections and SSE streams per client address. */
  connections: OpenCounts;
  /** The open sockets, closed at shutdown. */
  sockets: Set<WebSocket>;
  logger: Logger;
}

export function graphqlWebSocketHandler(options: WebSocketTransportOptions): WebsocketHandler {
  const { service, config, connections, sockets, logger } = options;
  const server = makeServer<Record<string, unknown> | undefined, ConnectionExtra>({
    connectionInitWaitTimeout: config.connection_init_timeout,
    async onSubscribe(context, _id, payload) {
      // graphql-ws has already counted this one among the connection's subscriptions.
      if (Object.keys(context.subscriptions).length > config.max_per_connection) {
        const max = config.max_per_connection;
        const error = subscriptionLimitExceeded(`At most ${max} subscriptions may be open at once on one connection`, { details: { max } });
        return [graphqlErrorOf(formattedErrorOf(error))];
      }
      const request = operationRequest(context.extra.request, payload, authorizationOf(context.connectionParams));
      const opened = await service().open(request, payload, 'websocket');
      if (opened.kind === 'refused') return opened.errors.map(graphqlErrorOf);
      const args: ExecutionArgs = {
        schema: STAND_IN_SCHEMA,
        document: opened.kind === 'stream' ? STAND_IN_SUBSCRIPTION : STAND_IN_QUERY,
        contextValue: opened.kind === 'stream' ? opened.stream : opened.result,
      };
      return args;
    },
    execute: (args) => args.contextValue as ExecutionResult,
    subscribe: (args) => args.contextValue as AsyncGenerator<ExecutionResult>,
    // Results are already in their final, formatted shape.
    onNext: (_context, _id, _payload, _args, result) => result as FormattedExecutionResult,
  });

  return (socket, request) => {
    const release = connections.acquire(request.ip);
    if (!release) return socket.close(CloseCode.Forbidden, 'Too many connections from this address');
    sockets.add(socket);
    let answeredPing = true;
    const pinger =
      config.keep_alive > 0
        ? setInterval(() => {
            if (!answeredPing) return socket.terminate();
            answeredPing = false;
            socket.ping();
          }, config.keep_alive)
        : undefined;
    socket.on('pong', () => {
      answeredPing = true;
    });
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              logger.error({ err: error }, 'a graphql-ws message could not be handled');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { request },
    );
    socket.once('close', (code, reason) => {
      clearInterval(pinger);
      sockets.delete(socket);
      release();
      void closed(code, String(reason));
    });
  };
}
