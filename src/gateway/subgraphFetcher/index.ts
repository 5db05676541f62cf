export { createSubgraphFetcher, type SubgraphFetcher } from './createSubgraphFetcher.ts';
export {
  SUBGRAPH_INVALID_RESPONSE,
  SUBGRAPH_TIMEOUT,
  SUBGRAPH_UNAVAILABLE,
  type SubgraphFailureCode,
  subgraphUnavailable,
} from './subgraphErrors.ts';
export { SubgraphSettings, type SubgraphSettingsConfig } from './subgraphSettings.ts';
export { type SubgraphFetchEvent, UndiciDataSource } from './UndiciDataSource.ts';
