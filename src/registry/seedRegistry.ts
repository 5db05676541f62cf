// Fills an empty registry from a rover-format supergraph.yaml (the demo's first start), as one version.
import { loadSubgraphDefinitions, readSupergraphConfig } from '../compose/index.ts';
import type { Registry } from './service/registry.ts';

/** Publishes every subgraph of `configPath` when the registry has none; false when it already had some. */
export async function seedRegistryFromSupergraphConfig(registry: Registry, configPath: string): Promise<boolean> {
  if ((await registry.subgraphs()).length > 0) return false;
  const subgraphs = await loadSubgraphDefinitions(await readSupergraphConfig(configPath));
  return registry.seed(subgraphs, `seed (${configPath})`);
}
