// Which graph and variant (`graph@variant`) a schema belongs to. The registry serves one, the default;
// the store already keys everything by variant so that refs like `shop@staging` can follow.

export interface GraphRef {
  graph: string;
  variant: string;
}

export const DEFAULT_GRAPH_REF: Readonly<GraphRef> = Object.freeze({ graph: 'default', variant: 'current' });

export function formatGraphRef(ref: GraphRef): string {
  return `${ref.graph}@${ref.variant}`;
}
