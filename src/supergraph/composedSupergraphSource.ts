// A supergraph composed at start from a rover-format supergraph.yaml (the demo's and `dev`'s source).
import { type ComposedSupergraphConfig, composeSupergraphConfig } from '../compose/composeSupergraphConfig.ts';
import type { SupergraphSource } from './supergraphSource.ts';

export function composedSupergraphSource(configPath: string, onComposed?: (result: ComposedSupergraphConfig) => void): SupergraphSource {
  return {
    description: `composition of ${configPath}`,
    async start() {
      const result = await composeSupergraphConfig(configPath);
      onComposed?.(result);
      return result.supergraphSdl;
    },
    async stop() {},
  };
}
