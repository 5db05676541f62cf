// The GraphQL endpoint: hands fastify's parsed request to Apollo Server and streams back its answer.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type GatehouseContext, type GatewayFeature, headerMapOf, requestContextBuilder } from '../pipeline/index.ts';

export interface GraphqlRouteOptions {
  path: string;
  apollo: ApolloServer<GatehouseContext>;
  /** Features whose `extendContext` adds their fields (principal, budget, …) to the context, in order. */
  features: readonly GatewayFeature[];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(request: FastifyRequest): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export function registerGraphqlRoute(app: FastifyInstance, options: GraphqlRouteOptions): void {
  const buildContext = requestContextBuilder(options.features);
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const requestId = requestIdOf(request);
    const queryStart = request.url.indexOf('?');
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: request.method,
        headers: headerMapOf(request),
        search: queryStart === -1 ? '' : request.url.slice(queryStart + 1),
        body: request.body,
      },
      context: () => buildContext(request, requestId),
    });
    reply.status(response.status ?? 200);
    reply.header('x-request-id', requestId);
    for (const [name, value] of response.headers) reply.header(name, value);
    if (response.body.kind === 'complete') return reply.send(response.body.string);
    return reply.send(Readable.from(response.body.asyncIterator));
  };
  app.route({ method: 'POST', url: options.path, handler });
  // A WebSocket upgrade is a GET: @fastify/websocket hands it to the feature that serves WebSockets here.
  const wsHandler = options.features.find((feature) => feature.graphqlWebSocket)?.graphqlWebSocket;
  app.route({ method: 'GET', url: options.path, handler, ...(wsHandler ? { wsHandler } : {}) });
}
