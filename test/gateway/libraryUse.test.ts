import { createGateway } from 'gatehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.ts';
import { type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';

describe("import { createGateway } from 'gatehouse'", () => {
  let graph: ExampleGraph;
  beforeAll(async () => {
    graph = await startExampleGraph();
  });
  afterAll(async () => {
    await graph?.close();
  });

  it('gives the same gateway in code: listen, query, close', async () => {
    const gateway = await createGateway({ supergraph: { sdl: graph.supergraphSdl }, server: { port: 0 }, logger: silentLogger });
    const url = await gateway.listen();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me { username reviews { product { name } } } }' }),
      });
      expect(await response.json()).toEqual({
        data: { me: { username: 'urigo', reviews: [{ product: { name: 'Table' } }, { product: { name: 'Table' } }] } },
      });
    } finally {
      await gateway.close();
    }
  });

  it('rejects a bad config with one line naming the key', async () => {
    await expect(createGateway({ supergraph: { sdl: 'x' }, server: { port: -1 } })).rejects.toThrow(/^config: server\.port: /);
    // @ts-expect-error: an unknown key is what this test is about
    await expect(createGateway({ supergraph: { sdl: 'x' }, sever: {} })).rejects.toThrow('config: unknown key sever');
    await expect(createGateway({ supergraph: {} })).rejects.toThrow(/set exactly one of supergraph\.file/);
  });
});
