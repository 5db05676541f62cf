// The listening HTTP server: the GraphQL endpoint, health probes, and errors in GraphQL's shape.

import type { ApolloServer } from '@apollo/server';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { GatehouseContext, GatewayFeature } from '../pipeline/index.ts';
import { refuseOversizedBeforeContinue } from '../web/index.ts';
import { registerGraphqlRoute } from './graphqlRoute.ts';

export interface HttpServerOptions {
  apollo: ApolloServer<GatehouseContext>;
  graphqlPath: string;
  bodyLimit: number;
  /** Whether a supergraph is loaded and the process is not shutting down. */
  isReady: () => boolean;
  features: readonly GatewayFeature[];
}

/** Fastify's own errors (bad JSON, body too large, wrong content type) in the GraphQL error shape. */
function graphqlShapedError(error: FastifyError): { status: number; body: unknown } {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  const code =
    status === 413
      ? 'PAYLOAD_TOO_LARGE'
      : status === 415
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : status === 500
          ? 'INTERNAL_SERVER_ERROR'
          : 'BAD_REQUEST';
  const message = status === 500 ? 'Internal server error' : error.message;
  return { status, body: { errors: [{ message, extensions: { code } }] } };
}

/** The error fastify raises for a body over the limit, for requests refused before fastify sees them. */
function payloadTooLargeError(bodyLimit: number): FastifyError {
  return Object.assign(new Error(`Request body is too large (the limit is ${bodyLimit} bytes)`), {
    code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    name: 'FastifyError',
    statusCode: 413,
  });
}

export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: options.bodyLimit, logger: false, return503OnClosing: true });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = graphqlShapedError(error);
    if (status === 500) request.log.error({ err: error }, 'unhandled error');
    void reply.status(status).type('application/json; charset=utf-8').send(body);
  });
  refuseOversizedBeforeContinue(app, options.bodyLimit, () => graphqlShapedError(payloadTooLargeError(options.bodyLimit)).body);
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    if (options.isReady()) return { status: 'ready' };
    return reply.status(503).send({ status: 'not ready' });
  });
  for (const feature of options.features) await feature.registerRoutes?.(app);
  registerGraphqlRoute(app, { path: options.graphqlPath, apollo: options.apollo, features: options.features });
  return app;
}
