import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningShippingSubgraph, SHIPPING_SDL, startShippingSubgraph } from '../../examples/shipping/startShippingSubgraph.ts';
import { EXAMPLE_SUBGRAPH_NAMES, readExampleSdl } from '../../examples/subgraphs/schemas.ts';
import { composeSupergraph } from '../../src/compose/index.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe("the README's registry tour", () => {
  let graph: ExampleGraph;
  let shipping: RunningShippingSubgraph;
  let gateway: TestGateway;
  beforeAll(async () => {
    graph = await startExampleGraph();
    shipping = await startShippingSubgraph(0);
    const subgraphs = EXAMPLE_SUBGRAPH_NAMES.map((name) => ({ name, url: graph.subgraphs.urls[name], sdl: readExampleSdl(name) }));
    const { supergraphSdl } = composeSupergraph([...subgraphs, { name: 'shipping', url: shipping.url, sdl: SHIPPING_SDL }]);
    gateway = await startTestGateway({ supergraph: { sdl: supergraphSdl } });
  });
  afterAll(async () => {
    await gateway?.close();
    await shipping?.close();
    await graph?.close();
  });

  it("publishes exactly the schema the demo's shipping subgraph serves", () => {
    const inline = /<<'SDL'\n([\s\S]*?)\nSDL\n/.exec(readme)?.[1];
    expect(`${inline}\n`).toBe(SHIPPING_SDL);
  });

  it('names the port the demo runs shipping on', () => {
    expect(readme).toContain('--routing-url http://127.0.0.1:4105/graphql');
  });

  it('adds a field the gateway then serves from the shipping subgraph', async () => {
    const response = await gateway.post({ query: '{ topProducts(first: 2) { name deliveryDays } }' });
    expect(response.body).toEqual({
      data: {
        topProducts: [
          { name: 'Table', deliveryDays: 2 },
          { name: 'Couch', deliveryDays: 3 },
        ],
      },
    });
  });
});
