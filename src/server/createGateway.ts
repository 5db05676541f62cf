// The gateway a user runs: config in, a listening GraphQL endpoint out. The CLI and library users
// (`import { createGateway } from 'gatehouse'`) both come through here.
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { type GatewayConfig, type GatewayConfigInput, parseGatewayConfig } from '../config/index.ts';
import { createApolloServer } from '../gateway/index.ts';
import { createLogger, type Logger } from '../observability/index.ts';
import type { GatehouseContext, GatewayFeature } from '../pipeline/index.ts';
import {
  composedSupergraphSource,
  fileSupergraphSource,
  ServingSupergraph,
  type SupergraphSource,
  staticSupergraphSource,
} from '../supergraph/index.ts';
import { createHttpServer } from './createHttpServer.ts';

export interface CreateGatewayOptions extends GatewayConfigInput {
  /** A pino logger; by default one is made at `log_level`. */
  logger?: Logger;
  /** Extra features (plugins, rules, routes) to run after the built-in ones. */
  features?: GatewayFeature[];
}

export interface Gatehouse {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly supergraph: ServingSupergraph;
  readonly apollo: ApolloServer<GatehouseContext>;
  readonly http: FastifyInstance;
  /** Loads the supergraph and listens; resolves with the GraphQL endpoint's URL. */
  listen(): Promise<string>;
  /** Stops accepting requests, lets in-flight ones finish, and releases everything. */
  close(): Promise<void>;
}

function supergraphSourceFor(config: GatewayConfig, logger: Logger): SupergraphSource {
  const { file, compose, sdl, watch } = config.supergraph;
  if (file !== undefined) return fileSupergraphSource(file, { watch });
  if (compose !== undefined) {
    return composedSupergraphSource(compose, (result) => {
      for (const warning of result.warnings) logger.warn(warning);
      for (const hint of result.hints) logger.warn({ hint: hint.code }, hint.message);
    });
  }
  return staticSupergraphSource(sdl ?? '');
}

export async function createGateway(options: CreateGatewayOptions): Promise<Gatehouse> {
  const { logger: givenLogger, features: extraFeatures = [], ...rawConfig } = options;
  const config = parseGatewayConfig(rawConfig);
  const logger = givenLogger ?? createLogger({ level: config.log_level });
  const supergraph = new ServingSupergraph(supergraphSourceFor(config, logger));
  supergraph.on({
    loaded: (loaded, previous) =>
      logger.info(
        { supergraph: loaded.id.slice(0, 12), subgraphs: loaded.subgraphs.map((subgraph) => subgraph.name) },
        previous ? 'supergraph updated' : 'supergraph loaded',
      ),
    rejected: (error) => logger.error({ err: error.message }, 'supergraph rejected; the last good one keeps serving'),
  });

  // The order is the request's way through the gateway (DESIGN.md): identity, limits, authorization, …
  const features: GatewayFeature[] = [...extraFeatures];

  const { apollo } = createApolloServer({
    supergraph,
    logger,
    introspection: config.introspection,
    csrfPrevention: config.server.csrf_prevention,
    includeSubgraphErrors: config.include_subgraph_errors,
    features,
  });

  let closing = false;
  const http = await createHttpServer({
    apollo,
    graphqlPath: config.server.graphql_path,
    bodyLimit: config.server.body_limit,
    isReady: () => !closing && supergraph.current !== undefined,
    features,
  });

  return {
    config,
    logger,
    supergraph,
    apollo,
    http,
    async listen() {
      await apollo.start();
      await http.listen({ host: config.server.host, port: config.server.port });
      const { address, port } = http.server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      return `http://${host}:${port}${config.server.graphql_path}`;
    },
    async close() {
      closing = true;
      await http.close();
      await apollo.stop();
      for (const feature of features) await feature.close?.();
    },
  };
}
