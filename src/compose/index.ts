export { type ComposedSupergraph, checkFederationVersion, composeSupergraph, compositionVersion } from './composeSupergraph.ts';
export { composeSupergraphConfig } from './composeSupergraphConfig.ts';
export { CompositionError, type CompositionProblem, formatCompositionProblems, SupergraphConfigError } from './errors.ts';
export { introspectSubgraph, loadSubgraphDefinitions, SERVICE_SDL_QUERY, type SubgraphDefinition } from './loadSubgraphSdl.ts';
export { parseSupergraphConfig, readSupergraphConfig, type SupergraphConfig } from './supergraphConfig.ts';
