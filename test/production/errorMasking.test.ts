import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  composeExampleSupergraph,
  type ExampleGraph,
  startExampleGraph,
  startTestGateway,
  type TestGateway,
} from '../support/exampleGraph.ts';
import { answerWith, type MisbehavingServer, startHttpSubgraph } from './misbehavingServers.ts';

const QUERY = '{ topProducts(first: 1) { name inStock } }';
/** An inventory subgraph whose error message and extensions leak internals. */
const LEAKY_ERROR = JSON.stringify({
  data: { _entities: [null] },
  errors: [
    {
      message: 'connect to db.internal:5432 failed: SELECT stock FROM inventory',
      path: ['_entities', 0, 'inStock'],
      extensions: { code: 'DATABASE_DOWN', stacktrace: ['Error: at db.js:12'], exception: { host: 'db.internal' } },
    },
  ],
});

describe('subgraph errors as clients see them', () => {
  let graph: ExampleGraph;
  let leaky: MisbehavingServer;
  let sdl: string;
  const gateways: TestGateway[] = [];

  async function gateway(config: Record<string, unknown>): Promise<TestGateway> {
    const started = await startTestGateway({ supergraph: { sdl }, ...config });
    gateways.push(started);
    return started;
  }

  beforeAll(async () => {
    graph = await startExampleGraph();
    leaky = await startHttpSubgraph(answerWith(200, 'application/json', LEAKY_ERROR));
    sdl = composeExampleSupergraph({ ...graph.subgraphs.urls, inventory: leaky.url });
  });
  afterAll(async () => {
    for (const started of gateways) await started.close();
    await leaky?.close();
    await graph?.close();
  });

  it("are redacted by default: a fixed message, the subgraph's code, no stack trace, internals or subgraph name", async () => {
    const { body } = await (await gateway({})).post({ query: QUERY });
    expect(body.data).toEqual({ topProducts: [{ name: 'Table', inStock: null }] });
    expect(body.errors).toEqual([
      { message: 'Subgraph errors redacted', path: ['topProducts', 0, 'inStock'], extensions: { code: 'DATABASE_DOWN' } },
    ]);
  });

  it('pass through with include_subgraph_errors, still without stack traces', async () => {
    const { body } = await (await gateway({ include_subgraph_errors: true })).post({ query: QUERY });
    expect(body.errors).toEqual([
      {
        message: 'connect to db.internal:5432 failed: SELECT stock FROM inventory',
        path: ['topProducts', 0, 'inStock'],
        extensions: { code: 'DATABASE_DOWN', serviceName: 'inventory' },
      },
    ]);
  });

  it('pass through for one subgraph only when its override says include_errors', async () => {
    const perSubgraph = await gateway({ subgraphs: { overrides: { inventory: { include_errors: true } } } });
    expect((await perSubgraph.post({ query: QUERY })).body.errors?.[0]?.message).toMatch(/db\.internal/);
    const otherSubgraph = await gateway({ subgraphs: { overrides: { products: { include_errors: true } } } });
    expect((await otherSubgraph.post({ query: QUERY })).body.errors?.[0]?.message).toBe('Subgraph errors redacted');
  });

  it("of the gateway itself (a subgraph down) keep their code when redacted and never name the subgraph's URL", async () => {
    const down = await startHttpSubgraph(answerWith(200, 'application/json', '{}'));
    await down.close();
    const downSdl = composeExampleSupergraph({ ...graph.subgraphs.urls, inventory: down.url });
    const masked = await gateway({ supergraph: { sdl: downSdl } });
    expect((await masked.post({ query: QUERY })).body.errors).toEqual([
      { message: 'Subgraph errors redacted', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
    ]);
    const open = await gateway({ supergraph: { sdl: downSdl }, include_subgraph_errors: true });
    const [error] = (await open.post({ query: QUERY })).body.errors ?? [];
    expect(error?.message).toBe('Subgraph "inventory" is unavailable (ECONNREFUSED)');
    expect(JSON.stringify(error)).not.toContain(new URL(down.url).port);
  });
});
