// Product.shippingEstimate, which the inventory subgraph computes from price and weight through @requires.
// The standard benchmark's expected answer (test/fixtures/bench-expected.json) leaves it null, so tests and
// the benchmark compare against that answer with the estimates filled in.

export function shippingEstimate(price: number, weight: number): number {
  return price > 1000 ? 0 : Math.round(weight / 2);
}

/** A response with every product's shippingEstimate computed from its price and weight. */
export function withComputedShippingEstimates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withComputedShippingEstimates);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, child]) => [key, withComputedShippingEstimates(child)] as const);
  const object = Object.fromEntries(entries) as Record<string, unknown>;
  if ('shippingEstimate' in object && typeof object.price === 'number' && typeof object.weight === 'number') {
    object.shippingEstimate = shippingEstimate(object.price, object.weight);
  }
  return object;
}
