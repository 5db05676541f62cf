// Subscriptions as a gateway feature: WebSocket (graphql-ws) and SSE (graphql-sse) at the GraphQL path,
// the two executor wrappers that run subscriptions through the same chain as requests, the bounds per
// client address, and their graceful end at shutdown. Placed last among the features, so its outer
// wrapper sees the executor every other feature wrapped.
import type { ApolloServer } from '@apollo/server';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { handleProtocols } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { GatewayConfig } from '../config/index.ts';
import type { SubgraphFetcher } from '../gateway/subgraphFetcher/index.ts';
import type { Logger } from '../observability/index.ts';
import type { GatehouseContext, GatewayFeature, RequestContextBuilder } from '../pipeline/index.ts';
import { graphqlSseHandler } from './sseTransport.ts';
import { SubgraphSubscriptions } from './subgraphSubscriptions.ts';
import { OpenCounts } from './subscriptionBounds.ts';
import { tooManyConnections } from './subscriptionErrors.ts';
import { executingSubscriptions, recordingSubscriptions } from './subscriptionGateway.ts';
import { type SubscriptionObserver, SubscriptionService } from './subscriptionService.ts';
import { graphqlWebSocketHandler } from './webSocketTransport.ts';

export interface SubscriptionsOptions {
  config: Pick<GatewayConfig, 'subscriptions' | 'server'>;
  fetcher: SubgraphFetcher;
  observer: SubscriptionObserver;
  logger: Logger;
}

export interface Subscriptions {
  feature: GatewayFeature;
  /** Gives the transports the server that runs operations and the features' context builder, once both exist. */
  serve(server: { apollo: ApolloServer<GatehouseContext>; buildContext: RequestContextBuilder }): void;
  /** A new supergraph serves: open subscriptions end with SUBSCRIPTION_SCHEMA_RELOAD. */
  supergraphChanged(): void;
}

export function createSubscriptions(options: SubscriptionsOptions): Subscriptions {
  const { config, fetcher, observer } = options;
  const logger = options.logger.child({ component: 'subscriptions' });
  const settings = config.subscriptions;
  const graphqlPath = config.server.graphql_path;
  const subgraphs = new SubgraphSubscriptions(settings.subgraphs);
  const connections = new OpenCounts(settings.max_connections_per_address);
  const sockets = new Set<WebSocket>();
  let service: SubscriptionService | undefined;
  const serviceOf = () => {
    if (!service) throw new Error('subscriptions are served before the gateway was assembled');
    return service;
  };

  const refuseConnection = (ip: string) => ({
    errors: [
      {
        message: `Too many open connections from ${ip}: at most ${settings.max_connections_per_address}`,
        extensions: { code: tooManyConnections.code },
      },
    ],
  });

  const feature: GatewayFeature = {
    name: 'subscriptions',
    wrapBaseGateway: (gateway) =>
      executingSubscriptions(
        gateway,
        (definition) => fetcher.buildDataSource(definition),
        (subgraph, routingUrl, requestContext) =>
          fetcher.settings
            .routeFor(subgraph, routingUrl)
            .buildHeaders(requestContext.request.http?.headers, (requestContext.context as GatehouseContext).principal),
        logger,
      ),
    wrapGateway: recordingSubscriptions,
    graphqlWebSocket: graphqlWebSocketHandler({ service: serviceOf, config: settings, connections, sockets, logger }),
    async registerRoutes(app: FastifyInstance) {
      const sse = graphqlSseHandler(serviceOf);
      await app.register(fastifyWebsocket, {
        options: { handleProtocols },
        // Shutdown: every stream ends after its in-flight event, then each socket closes with 1001 Going Away.
        preClose: async () => {
          await service?.shutdown(config.server.shutdown_timeout);
          for (const socket of sockets) socket.close(1001, 'The gateway is shutting down');
          await subgraphs.close();
        },
      });
      app.addHook('preHandler', async (request, reply) => {
        if (request.routeOptions.url !== graphqlPath) return;
        const streaming = request.headers.accept === 'text/event-stream';
        if (!request.ws && !streaming) return;
        if (!connections.admits(request.ip)) {
          return reply.code(429).type('application/json; charset=utf-8').send(refuseConnection(request.ip));
        }
        if (request.ws) return;
        const release = connections.acquire(request.ip);
        reply.hijack();
        try {
          await sse(request, reply);
        } catch (error) {
          logger.error({ err: error }, 'an SSE stream failed');
          if (!reply.raw.headersSent) reply.raw.writeHead(500).end();
          else reply.raw.end();
        } finally {
          release?.();
        }
        return reply;
      });
    },
    close: () => subgraphs.close(),
  };

  return {
    feature,
    serve({ apollo, buildContext }) {
      service = new SubscriptionService({
        apollo,
        buildContext,
        subgraphs,
        settings: fetcher.settings,
        config: settings,
        observer,
        logger,
      });
    },
    supergraphChanged() {
      service?.supergraphChanged();
    },
  };
}
