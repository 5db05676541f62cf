// GraphiQL at the GraphQL endpoint: a browser's GET (Accept: text/html) gets the IDE; every other
// request (GraphQL over GET or POST, a WebSocket upgrade) goes on to the GraphQL route as before.
import type { FastifyInstance } from 'fastify';
import type { GatewayFeature } from '../pipeline/index.ts';
import { prefersHtml, registerPackageAssets } from '../web/index.ts';
import { GRAPHIQL_ASSETS_PATH, graphiqlAssetFiles } from './graphiqlAssets.ts';
import { type GraphiqlPageOptions, graphiqlPage } from './graphiqlPage.ts';

export function graphiqlFeature(options: GraphiqlPageOptions): GatewayFeature {
  const page = graphiqlPage(options);
  return {
    name: 'graphiql',
    registerRoutes(app: FastifyInstance) {
      registerPackageAssets(app, GRAPHIQL_ASSETS_PATH, graphiqlAssetFiles());
      app.addHook('onRequest', async (request, reply) => {
        if (request.method !== 'GET' || request.headers.upgrade !== undefined) return;
        const path = request.url.split('?', 1)[0];
        if (path !== options.graphqlPath || !prefersHtml(request.headers.accept)) return;
        // A GraphQL query in the URL is an API call, even from a browser's address bar: leave it to the route.
        if (new URLSearchParams(request.url.slice(path.length + 1)).has('query')) return;
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
      });
    },
  };
}
