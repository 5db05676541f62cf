// Every graph variant the registry holds, each served by its own Registry (its subgraphs, supergraph
// history and checks), all over one store and one check policy. Refs that only read never create a variant.
import { formatGraphRef, type GraphRef } from '../graphRef.ts';
import type { RegistryStore } from '../store/registryStore.ts';
import { Registry } from './registry.ts';

export class RegistryGraphs {
  readonly #opened = new Map<string, Promise<Registry>>();

  /** `defaultRegistry` answers for its own ref (the REST API's routes without a graph ref). */
  constructor(readonly defaultRegistry: Registry) {}

  get store(): RegistryStore {
    return this.defaultRegistry.store;
  }

  /** The variant's registry, creating the variant when it is new (for writes). */
  variant(ref: GraphRef): Promise<Registry> {
    const key = formatGraphRef(ref);
    if (key === formatGraphRef(this.defaultRegistry.ref)) return Promise.resolve(this.defaultRegistry);
    let opened = this.#opened.get(key);
    if (!opened) {
      opened = Registry.open(this.store, { ref: { graph: ref.graph, variant: ref.variant }, policy: this.defaultRegistry.policy });
      // A failed open (a database hiccup) is not remembered: the next call tries again.
      opened.catch(() => this.#opened.delete(key));
      this.#opened.set(key, opened);
    }
    return opened;
  }

  /** The variant's registry when it has a supergraph, else undefined (for reads: nothing is created). */
  async publishedVariant(ref: GraphRef): Promise<Registry | undefined> {
    const variants = await this.store.publishedVariants(ref.graph);
    return variants.includes(ref.variant) ? this.variant(ref) : undefined;
  }

  /** The names of the graph's variants that have a supergraph; none when the graph does not exist. */
  publishedVariants(graph: string): Promise<string[]> {
    return this.store.publishedVariants(graph);
  }
}
