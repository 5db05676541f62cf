// The gateway a user runs: config in, a listening GraphQL endpoint out. The CLI and library users
// (`import { createGateway } from 'gatehouse'`) both come through here.
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { createAuthenticationFeature } from '../auth/index.ts';
import { createAuthorizationFeature, enforcingAuthDirectives, type Permissions } from '../authz/index.ts';
import { type GatewayConfig, type GatewayConfigInput, parseGatewayConfig } from '../config/index.ts';
import { listenError } from '../errors/index.ts';
import { createExplainFeature } from '../explain/index.ts';
import { BoundedCache, createApolloServer } from '../gateway/index.ts';
import { createSubgraphFetcher } from '../gateway/subgraphFetcher/index.ts';
import { graphiqlFeature } from '../graphiql/index.ts';
import { createLimitsFeature } from '../limits/index.ts';
import { createLogger, createObservability, type Logger } from '../observability/index.ts';
import { type GatehouseContext, type GatewayFeature, requestContextBuilder } from '../pipeline/index.ts';
import { usageReportingFeaturesFor } from '../registry/usage/index.ts';
import { createSubscriptions } from '../subscriptions/index.ts';
import {
  composedSupergraphSource,
  fileSupergraphSource,
  registrySupergraphSource,
  ServingSupergraph,
  type SupergraphSource,
  staticSupergraphSource,
} from '../supergraph/index.ts';
import { closeGracefully } from './closeGracefully.ts';
import { type ConfigReloadResult, planConfigReload } from './configReload.ts';
import { createHttpServer } from './createHttpServer.ts';

export interface CreateGatewayOptions extends GatewayConfigInput {
  /** A pino logger; by default one is made at `log_level`. */
  logger?: Logger;
  /** Extra features (plugins, rules, routes) to run after the built-in ones. */
  features?: GatewayFeature[];
  /** Field access rules from code (`definePermissions(...)`), instead of config's `authorization.rules` module. */
  permissions?: Permissions;
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
  /** Applies a changed config: the parts read per request now, the rest is reported as needing a restart. */
  reload(config: GatewayConfigInput): Promise<ConfigReloadResult>;
}

function supergraphSourceFor(config: GatewayConfig, logger: Logger): SupergraphSource {
  const { file, compose, sdl, watch, registry } = config.supergraph;
  if (file !== undefined) return fileSupergraphSource(file, { watch });
  if (registry !== undefined) {
    return registrySupergraphSource({
      url: registry.url,
      token: registry.token,
      graphRef: registry.graph_ref,
      pollIntervalMs: registry.poll_interval,
      timeoutMs: registry.timeout,
      cacheFile: registry.cache_file,
      onStartFromCache: (error) => logger.warn({ err: error.message }, 'registry unreachable; starting from the cached supergraph'),
    });
  }
  if (compose !== undefined) {
    return composedSupergraphSource(compose, (result) => {
      for (const warning of result.warnings) logger.warn(warning);
      for (const hint of result.hints) logger.warn({ hint: hint.code }, hint.message);
    });
  }
  return staticSupergraphSource(sdl ?? '');
}

export async function createGateway(options: CreateGatewayOptions): Promise<Gatehouse> {
  const { logger: givenLogger, features: extraFeatures = [], permissions, ...rawConfig } = options;
  const config = parseGatewayConfig(rawConfig);
  const logger = givenLogger ?? createLogger({ level: config.log_level, format: config.telemetry.logs.format });
  const observability = await createObservability({ telemetry: config.telemetry, graphqlPath: config.server.graphql_path, logger });
  const authorization = await createAuthorizationFeature({
    config: config.authorization,
    permissions,
    logger,
    metrics: observability.metrics.ruleDecisions,
  }).catch(async (error: unknown) => {
    await observability.feature.close();
    throw error;
  });
  const source = supergraphSourceFor(config, logger);
  const supergraph = new ServingSupergraph(authorization ? enforcingAuthDirectives(source) : source);
  supergraph.on({
    loaded: (loaded, previous) =>
      logger.info(
        { supergraph: loaded.id.slice(0, 12), subgraphs: loaded.subgraphs.map((subgraph) => subgraph.name) },
        previous ? 'supergraph updated' : 'supergraph loaded',
      ),
    rejected: (error) => logger.error({ err: error.message }, 'supergraph rejected; the last good one keeps serving'),
  });

  supergraph.on(observability.supergraphEvents);
  const fetcher = createSubgraphFetcher(config, (event) => observability.observeSubgraphFetch(event));

  const subscriptions = config.subscriptions.enabled
    ? createSubscriptions({ config, fetcher, observer: observability.subscriptionEvents, logger })
    : undefined;

  const explain = createExplainFeature(config.explain);
  // The order is the request's way through the gateway (DESIGN.md): identity, limits, authorization, …
  // Observability comes first so it logs and counts requests that later features refuse.
  // GraphiQL answers browsers' page loads before anything else, so they are not counted as GraphQL requests.
  const features: GatewayFeature[] = [
    ...(config.graphiql.enabled
      ? [
          graphiqlFeature({
            graphqlPath: config.server.graphql_path,
            tokenHelp: config.graphiql.token_help,
            subscriptions: config.subscriptions.enabled,
          }),
        ]
      : []),
    observability.feature,
    ...(config.auth ? [await createAuthenticationFeature(config.auth)] : []),
    ...(explain ? [explain] : []),
    await createLimitsFeature({ limits: config.limits, persistedQueries: config.persisted_queries, batching: config.batching, logger }),
    ...(authorization ? [authorization] : []),
    ...usageReportingFeaturesFor(config, logger),
    ...extraFeatures,
    // Last: its outer wrapper runs each subscription event through every wrapper above.
    ...(subscriptions ? [subscriptions.feature] : []),
  ];

  const { apollo } = createApolloServer({
    supergraph,
    logger,
    introspection: config.introspection,
    csrfPrevention: config.server.csrf_prevention,
    includeSubgraphErrors: (subgraph) => fetcher.settings.includeErrorsOf(subgraph),
    features,
    buildDataSource: fetcher.buildDataSource,
    documentStore: new BoundedCache(config.cache.documents),
    queryPlanCache: new BoundedCache(config.cache.query_plans),
  });

  subscriptions?.serve({ apollo, buildContext: requestContextBuilder(features) });
  // Open subscriptions were planned against the supergraph being replaced: they end, and clients subscribe again.
  supergraph.on({
    loaded: (_loaded, previous) => {
      if (previous) subscriptions?.supergraphChanged();
    },
  });

  let closing = false;
  const http = await createHttpServer({
    apollo,
    graphqlPath: config.server.graphql_path,
    bodyLimit: config.server.body_limit,
    isReady: () => !closing && supergraph.current !== undefined,
    features,
  });

  let current = config;
  const close = async () => {
    closing = true;
    await closeGracefully(http, { delayMs: current.server.shutdown_delay, timeoutMs: current.server.shutdown_timeout });
    await apollo.stop();
    for (const feature of features) await feature.close?.();
    await fetcher.close();
  };
  return {
    get config() {
      return current;
    },
    logger,
    supergraph,
    apollo,
    http,
    async listen() {
      await apollo.start();
      try {
        await http.listen({ host: config.server.host, port: config.server.port });
      } catch (error) {
        // Stop what started (the supergraph's file watcher or poller would keep the process alive).
        await close();
        throw listenError(error, config.server, '--port/--host, server.port/server.host or PORT/HOST');
      }
      const { address, port } = http.server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      return `http://${host}:${port}${config.server.graphql_path}`;
    },
    close,
    async reload(input) {
      const next = parseGatewayConfig(input);
      const result = planConfigReload(current, next);
      if (result.applied.includes('log_level')) logger.level = next.log_level;
      if (result.applied.some((key) => key !== 'log_level')) await fetcher.update(next);
      current = { ...next, ...Object.fromEntries(result.restartRequired.map((key) => [key, current[key as keyof GatewayConfig]])) };
      return result;
    },
  };
}
