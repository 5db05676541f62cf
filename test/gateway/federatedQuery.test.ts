import { describe, expect, it } from 'vitest';
import { withComputedShippingEstimates } from '../../examples/subgraphs/shippingEstimate.ts';
import { benchExpected, benchQuery, useExampleGateway } from '../support/exampleGraph.ts';

describe('a federated query through the gateway', () => {
  const example = useExampleGateway();

  it('answers the standard benchmark query exactly, with shippingEstimate computed through @requires', async () => {
    const response = await example.gateway.post({ query: benchQuery });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(withComputedShippingEstimates(benchExpected));
    const asked = new Set(example.graph.received.map((entry) => entry.subgraph));
    expect([...asked].sort()).toEqual(['accounts', 'inventory', 'products', 'reviews']);
  });

  it('sends price and weight to inventory so it can compute shippingEstimate', async () => {
    example.graph.received.length = 0;
    const response = await example.gateway.post({ query: '{ topProducts(first: 2) { name shippingEstimate } }' });
    expect(response.body).toEqual({
      data: {
        topProducts: [
          { name: 'Table', shippingEstimate: 50 },
          { name: 'Couch', shippingEstimate: 0 },
        ],
      },
    });
    const inventoryCall = example.graph.received.find((entry) => entry.subgraph === 'inventory');
    expect(inventoryCall?.operation.variables?.representations).toEqual([
      { __typename: 'Product', upc: '1', price: 899, weight: 100 },
      { __typename: 'Product', upc: '2', price: 1299, weight: 1000 },
    ]);
  });

  it('runs the updatePrice mutation on the products subgraph', async () => {
    const response = await example.gateway.post({
      query: 'mutation($upc: String!, $price: Int!) { updatePrice(upc: $upc, price: $price) { upc price shippingEstimate } }',
      variables: { upc: '3', price: 2000 },
    });
    expect(response.body).toEqual({ data: { updatePrice: { upc: '3', price: 2000, shippingEstimate: 0 } } });
  });

  it('never exposes _entities or _service to clients', async () => {
    for (const query of ['{ _entities(representations: [{ __typename: "User", id: "1" }]) { __typename } }', '{ _service { sdl } }']) {
      const response = await example.gateway.post({ query });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(example.graph.received.some((entry) => entry.operation.query.includes('_entities(representations: [{'))).toBe(false);
    }
  });
});
