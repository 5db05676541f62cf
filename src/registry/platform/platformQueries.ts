// The platform API's read side: graphs, variants, subgraphs, the supergraph, and whoami. Resolvers are
// plain objects and methods (graphql-js's default resolvers call them); union members carry __typename.
// Without a valid key every lookup is null, which rover reports as "could not find graph".
import type { RegistryPrincipal } from '../access/registryPrincipal.ts';
import { GRAPH_ID, type GraphRef, parseGraphRef } from '../graphRef.ts';
import type { Registry } from '../service/registry.ts';
import type { SubgraphSummary } from '../service/registryTypes.ts';
import type { PlatformContext } from './platformContext.ts';

function subgraphModel(registry: Registry, subgraph: SubgraphSummary) {
  return {
    name: subgraph.name,
    url: subgraph.routingUrl || null,
    updatedAt: subgraph.publishedAt.toISOString(),
    activePartialSchema: async () => ({ sdl: (await registry.subgraph(subgraph.name)).sdl }),
  };
}

/** A variant that has a supergraph (only those are shown: rover takes an empty variant for a non-federated graph). */
function variantModel(context: PlatformContext, ref: GraphRef) {
  const registry = () => context.graphs.variant(ref);
  // fetch selects both `subgraph` and `subgraphs`: one read of the variant answers both.
  let listed: Promise<ReturnType<typeof subgraphModel>[]> | undefined;
  const subgraphs = () => {
    listed ??= registry().then(async (opened) => (await opened.subgraphs()).map((subgraph) => subgraphModel(opened, subgraph)));
    return listed;
  };
  return {
    __typename: 'GraphVariant',
    name: ref.variant,
    subgraphs,
    subgraph: async ({ name }: { name: string }) => (await subgraphs()).find((subgraph) => subgraph.name === name) ?? null,
    // The latest supergraph is always one that composed: the registry never stores one that did not.
    latestApprovedLaunch: async () => {
      const latest = await (await registry()).latestSupergraph();
      return { build: { result: { __typename: 'BuildSuccess', coreSchema: { coreDocument: latest.supergraphSdl } } } };
    },
  };
}

function graphModel(context: PlatformContext, graph: string, variants: readonly string[]) {
  return {
    __typename: 'Graph',
    id: graph,
    title: graph,
    asActor: { type: 'GRAPH' },
    variants: () => variants.map((variant) => variantModel(context, { graph, variant })),
    variant: ({ name }: { name: string }) => (variants.includes(name) ? variantModel(context, { graph, variant: name }) : null),
    checkWorkflow: ({ id }: { id: string }) => context.checks.find(graph, id),
  };
}

/** A graph exists while one of its variants has a supergraph. */
async function findGraph(context: PlatformContext, graph: string) {
  if (!context.principal || !GRAPH_ID.test(graph)) return null;
  const variants = await context.graphs.publishedVariants(graph);
  return variants.length === 0 ? null : graphModel(context, graph, variants);
}

/** Registry tokens are not tied to one graph, so every key is shown as a user: the token's name. */
function identityOf(principal: RegistryPrincipal | undefined) {
  return principal ? { __typename: 'User', id: principal.actor, asActor: { type: 'USER' } } : null;
}

export function queryRoot(context: PlatformContext) {
  return {
    frontendUrlRoot: context.frontendUrlRoot,
    graph: ({ id }: { id: string }) => findGraph(context, id),
    variant: async ({ ref }: { ref: string }) => {
      if (!context.principal) return null;
      const parsed = parseGraphRef(ref);
      if (!parsed) return { __typename: 'InvalidRefFormat', message: `"${ref}" is not a graph ref` };
      const variants = await context.graphs.publishedVariants(parsed.graph);
      return variants.includes(parsed.variant) ? variantModel(context, parsed) : null;
    },
    me: () => identityOf(context.principal),
  };
}
