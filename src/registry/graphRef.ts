// Which graph and variant (`graph@variant`) a schema belongs to, written as rover writes it: `shop@prod`,
// or `shop` alone for the `current` variant. Each variant has its own subgraphs and supergraph history.

export interface GraphRef {
  graph: string;
  variant: string;
}

export const DEFAULT_VARIANT = 'current';

export const DEFAULT_GRAPH_REF: Readonly<GraphRef> = Object.freeze({ graph: 'default', variant: DEFAULT_VARIANT });

/** rover's rules: a graph id is letters, digits, `_` and `-` (at most 64); a variant at most 64 characters. */
export const GRAPH_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const VARIANT_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

export function formatGraphRef(ref: GraphRef): string {
  return `${ref.graph}@${ref.variant}`;
}

/** `shop@prod` → { graph: 'shop', variant: 'prod' }; `shop` → `shop@current`; undefined when malformed. */
export function parseGraphRef(text: string): GraphRef | undefined {
  const at = text.indexOf('@');
  const graph = at === -1 ? text : text.slice(0, at);
  const variant = at === -1 ? DEFAULT_VARIANT : text.slice(at + 1);
  return GRAPH_ID.test(graph) && VARIANT_NAME.test(variant) ? { graph, variant } : undefined;
}

export const GRAPH_REF_FORMAT =
  'a graph ref is GRAPH or GRAPH@VARIANT: the graph letters, digits, _ and - (at most 64), the variant letters, digits, _ . : and - (at most 64)';
