// The subgraph fetcher the gateway plugs into @apollo/gateway's `buildService`: shared pools and
// settings for every subgraph's data source, reloadable, closed with the gateway.
import type { ServiceEndpointDefinition } from '@apollo/gateway';
import { SubgraphPools } from './subgraphPools.ts';
import { SubgraphSettings, type SubgraphSettingsConfig } from './subgraphSettings.ts';
import { type SubgraphFetchEvent, UndiciDataSource } from './UndiciDataSource.ts';

export interface SubgraphFetcher {
  readonly settings: SubgraphSettings;
  buildDataSource(definition: ServiceEndpointDefinition): UndiciDataSource;
  /** Applies new `subgraphs`/`headers`/`include_subgraph_errors` config to the next fetches. */
  update(config: SubgraphSettingsConfig): Promise<void>;
  close(): Promise<void>;
}

export function createSubgraphFetcher(config: SubgraphSettingsConfig, onFetch?: (event: SubgraphFetchEvent) => void): SubgraphFetcher {
  const settings = new SubgraphSettings(config);
  const pools = new SubgraphPools();
  return {
    settings,
    buildDataSource: (definition) => {
      if (!definition.url) throw new Error(`subgraph ${definition.name} has no routing URL in the supergraph`);
      return new UndiciDataSource({ subgraph: definition.name, routingUrl: definition.url, settings, pools, onFetch });
    },
    async update(next) {
      settings.update(next);
      await pools.retire();
    },
    close: () => pools.close(),
  };
}
