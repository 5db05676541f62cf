// Assembles @apollo/gateway and @apollo/server around the serving supergraph, with each feature's
// plugins, validation rules, parse options and gateway wrappers. It holds none of their logic.
import {
  ApolloGateway,
  type GatewayConfig,
  type GraphQLDataSource,
  RemoteGraphQLDataSource,
  type ServiceEndpointDefinition,
} from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { DocumentNode } from 'graphql';
import type { Logger } from '../observability/index.ts';
import type { GatehouseContext, GatewayFeature, GatewayInterface } from '../pipeline/index.ts';
import type { ServingSupergraph } from '../supergraph/index.ts';
import type { BoundedCache } from './boundedCache.ts';
import { formatClientError } from './maskSubgraphErrors.ts';

export interface ApolloServerAssembly {
  supergraph: ServingSupergraph;
  logger: Logger;
  introspection: boolean;
  csrfPrevention: boolean;
  /** Whether subgraphs' own error messages reach clients: for all, or decided per subgraph name. */
  includeSubgraphErrors: boolean | ((subgraph: string) => boolean);
  features: readonly GatewayFeature[];
  /** Builds the client that talks to one subgraph. */
  buildDataSource?: (definition: ServiceEndpointDefinition) => GraphQLDataSource;
  /** Where parsed and validated documents are kept, and query plans (bounded LRUs; Apollo's defaults otherwise). */
  documentStore?: BoundedCache<DocumentNode>;
  queryPlanCache?: BoundedCache<QueryPlan>;
}

/** What the gateway keeps per operation, in its query plan cache. */
type QueryPlan = NonNullable<Awaited<ReturnType<NonNullable<NonNullable<GatewayConfig['queryPlannerConfig']>['cache']>['get']>>>;

export interface AssembledGateway {
  apollo: ApolloServer<GatehouseContext>;
  gateway: ApolloGateway;
}

export function createApolloServer(assembly: ApolloServerAssembly): AssembledGateway {
  turnOffApolloDataCollection();
  const gatewayLogger = assembly.logger.child({ component: 'gateway' });
  const planWatchers = assembly.features.flatMap((feature) => (feature.didResolveQueryPlan ? [feature] : []));
  const gateway = new ApolloGateway({
    supergraphSdl: assembly.supergraph.gatewayHook,
    validateSupergraph: true,
    logger: gatewayLogger,
    buildService: assembly.buildDataSource ?? ((definition) => new RemoteGraphQLDataSource({ url: definition.url })),
    ...(assembly.queryPlanCache ? { queryPlannerConfig: { cache: assembly.queryPlanCache } } : {}),
    ...(planWatchers.length > 0
      ? {
          experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => {
            for (const feature of planWatchers) feature.didResolveQueryPlan?.(queryPlan, requestContext.context as GatehouseContext);
          },
        }
      : {}),
  });
  // @apollo/gateway's types name an older copy of the gateway interface than @apollo/server 5's; the shapes agree.
  let served = gateway as unknown as GatewayInterface;
  for (const feature of assembly.features) if (feature.wrapBaseGateway) served = feature.wrapBaseGateway(served);
  for (const feature of assembly.features) if (feature.wrapGateway) served = feature.wrapGateway(served);

  const apollo = new ApolloServer<GatehouseContext>({
    ...Object.assign({}, ...assembly.features.map((feature) => feature.apolloServerOptions ?? {})),
    gateway: served,
    logger: gatewayLogger,
    introspection: assembly.introspection,
    csrfPrevention: assembly.csrfPrevention,
    includeStacktraceInErrorResponses: false,
    // Gatehouse drains on SIGTERM itself (server.shutdown_delay, then in-flight requests): Apollo's own
    // handler (on whenever NODE_ENV is not `test`) would refuse requests at once and re-raise the signal.
    stopOnTerminationSignals: false,
    ...(assembly.documentStore ? { documentStore: assembly.documentStore } : {}),
    // Apollo's own landing page loads Apollo Sandbox from a CDN; Gatehouse serves GraphiQL from the package instead.
    plugins: [ApolloServerPluginLandingPageDisabled(), ...assembly.features.flatMap((feature) => feature.plugins ?? [])],
    validationRules: assembly.features.flatMap((feature) => feature.validationRules ?? []),
    parseOptions: Object.assign({}, ...assembly.features.map((feature) => feature.parseOptions ?? {})),
    formatError: (formatted) => formatClientError(formatted, { includeSubgraphErrors: assembly.includeSubgraphErrors }),
  });
  return { apollo, gateway };
}

/**
 * @apollo/gateway's constructor starts sending usage data to Apollo, and probes the cloud providers' metadata
 * addresses (169.254.169.254, …) to describe the host, unless APOLLO_TELEMETRY_DISABLED is set. A self-hosted
 * gateway calls no one but its subgraphs; `APOLLO_TELEMETRY_DISABLED=false` in the environment turns it back on.
 */
export function turnOffApolloDataCollection(): void {
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
}
