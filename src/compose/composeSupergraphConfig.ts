// The whole of `gatehouse compose`: read supergraph.yaml, load every subgraph's SDL, compose.
import { type ComposedSupergraph, checkFederationVersion, composeSupergraph } from './composeSupergraph.ts';
import { loadSubgraphDefinitions } from './loadSubgraphSdl.ts';
import { readSupergraphConfig } from './supergraphConfig.ts';

export interface ComposedSupergraphConfig extends ComposedSupergraph {
  /** Warnings about the config itself (e.g. a federation_version other than the installed one). */
  warnings: string[];
}

export async function composeSupergraphConfig(configPath: string): Promise<ComposedSupergraphConfig> {
  const config = await readSupergraphConfig(configPath);
  const versionWarning = checkFederationVersion(config.federationVersion);
  const subgraphs = await loadSubgraphDefinitions(config);
  const composed = composeSupergraph(subgraphs);
  return { ...composed, warnings: versionWarning ? [versionWarning] : [] };
}
