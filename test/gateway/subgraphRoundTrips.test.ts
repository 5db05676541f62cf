import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withComputedShippingEstimates } from '../../examples/subgraphs/shippingEstimate.ts';
import {
  benchExpected,
  benchQuery,
  type ExampleGraph,
  startExampleGraph,
  startTestGateway,
  type TestGateway,
} from '../support/exampleGraph.ts';

/** Every (subgraph, selection, representation) the subgraphs were sent, once per sending. */
function sentRepresentations(graph: ExampleGraph): string[] {
  return graph.received.flatMap(({ subgraph, operation }) => {
    const representations = operation.variables?.representations;
    if (!Array.isArray(representations)) return [];
    const selection = operation.query.replace(/^query\s+\w+/, 'query');
    return representations.map((representation) => `${subgraph} ${selection} ${JSON.stringify(representation)}`);
  });
}

describe('subgraph round trips of one query plan', () => {
  let graph: ExampleGraph;
  const gateways: Record<'unmerged' | 'deduplicated' | 'batched', TestGateway | undefined> = {
    unmerged: undefined,
    deduplicated: undefined,
    batched: undefined,
  };

  beforeAll(async () => {
    graph = await startExampleGraph();
    const supergraph = { sdl: graph.supergraphSdl };
    gateways.unmerged = await startTestGateway({ supergraph, subgraphs: { all: { deduplicate_entities: false } } });
    gateways.deduplicated = await startTestGateway({ supergraph });
    gateways.batched = await startTestGateway({ supergraph, subgraphs: { all: { batching: true } } });
  });
  afterAll(async () => {
    await Promise.all(Object.values(gateways).map((gateway) => gateway?.close()));
    await graph?.close();
  });

  async function ask(variant: keyof typeof gateways, query = benchQuery) {
    graph.received.length = 0;
    graph.httpRequests.length = 0;
    const response = await (gateways[variant] as TestGateway).post({ query });
    return { body: response.body, httpRequests: graph.httpRequests.length, representations: sentRepresentations(graph) };
  }

  it('never sends the same entity representation twice for the same selection, and answers the standard query exactly', async () => {
    const unmerged = await ask('unmerged');
    const deduplicated = await ask('deduplicated');
    expect(deduplicated.body).toEqual(withComputedShippingEstimates(benchExpected));
    expect(unmerged.body).toEqual(deduplicated.body);
    // Without deduplication the plan sends some representations several times; with it, each once.
    expect(new Set(unmerged.representations).size).toBeLessThan(unmerged.representations.length);
    expect(new Set(deduplicated.representations).size).toBe(deduplicated.representations.length);
    expect(new Set(deduplicated.representations)).toEqual(new Set(unmerged.representations));
    expect(deduplicated.httpRequests).toBeLessThan(unmerged.httpRequests);
  });

  it('sends fewer HTTP requests with batching on and gives the identical answer', async () => {
    // Two inventory fetches of different selections that the plan runs in parallel, after the reviews fetch.
    const query = '{ users { reviews { product { inStock reviews { product { stock: inStock } } } } } }';
    const deduplicated = await ask('deduplicated', query);
    const batched = await ask('batched', query);
    expect(deduplicated.body.errors).toBeUndefined();
    expect(batched.body).toEqual(deduplicated.body);
    expect(batched.httpRequests).toBe(deduplicated.httpRequests - 1);
    expect(graph.httpRequests).toContainEqual({ subgraph: 'inventory', batchSize: 2 });
    expect((await ask('batched')).body).toEqual((await ask('deduplicated')).body);
  });

  it('keeps aliases, order and @requires of merged fetches apart', async () => {
    const query = `{
      a: topProducts(first: 3) { upc shippingEstimate inStock reviews { id product { upc name inStock } } }
      b: topProducts(first: 5) { name: upc upc: name stock: inStock weight shippingEstimate }
    }`;
    const unmerged = await ask('unmerged', query);
    expect(unmerged.body.errors).toBeUndefined();
    expect((await ask('deduplicated', query)).body).toEqual(unmerged.body);
    expect((await ask('batched', query)).body).toEqual(unmerged.body);
  });
});
