import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SUBGRAPH_NAMES, readExampleSdl } from '../../examples/subgraphs/schemas.ts';
import {
  benchExpected,
  benchQuery,
  composeExampleSupergraph,
  type ExampleGraph,
  startExampleGraph,
  startTestGateway,
  type TestGateway,
} from '../support/exampleGraph.ts';

/** A subgraph's SDL without demand-control directives, as most teams' graphs are. */
const withoutCostDirectives = (sdl: string) => sdl.replace(/\s*@(cost|listSize)\([^)]*\)/g, '').replace(/,\s*"@(cost|listSize)"/g, '');

describe('limits with no limits config, on the benchmark graph without @cost or @listSize', () => {
  let graph: ExampleGraph;
  let gateway: TestGateway;
  beforeAll(async () => {
    graph = await startExampleGraph();
    const sdls = Object.fromEntries(EXAMPLE_SUBGRAPH_NAMES.map((name) => [name, withoutCostDirectives(readExampleSdl(name))]));
    const supergraphSdl = composeExampleSupergraph(graph.subgraphs.urls, sdls);
    expect(supergraphSdl).not.toMatch(/@(cost|listSize)\(/);
    gateway = await startTestGateway({ supergraph: { sdl: supergraphSdl } });
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.close();
  });

  it('answers the benchmark query 200 times in a row, from one anonymous client, with data and no error', async () => {
    for (let round = 0; round < 200; round++) {
      const response = await gateway.post({ query: benchQuery });
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data).toBeDefined();
    }
    const last = await gateway.post({ query: benchQuery });
    expect(last.body.data?.users).toHaveLength(((benchExpected.data as Record<string, unknown>).users as unknown[]).length);
  }, 120_000);

  it('serves a query with three nested lists, each assumed to hold 10 items', async () => {
    const response = await gateway.post({ query: '{ users { id reviews { id product { upc reviews { id body } } } } }' });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
  });

  it('charges no budget: no RateLimit headers', async () => {
    const response = await gateway.post({ query: '{ users { id } }' });
    expect(response.headers.get('ratelimit-limit')).toBeNull();
    expect(response.headers.get('ratelimit-policy')).toBeNull();
  });

  it('still refuses a query deeper than the default max_depth', async () => {
    const deep = `{ users { ${'reviews { product { '.repeat(8)}upc${' } }'.repeat(8)} } }`;
    const response = await gateway.post({ query: deep });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('MAX_DEPTH_EXCEEDED');
  });
});
