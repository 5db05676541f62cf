import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  composeExampleSupergraph,
  type ExampleGraph,
  startExampleGraph,
  startTestGateway,
  type TestGateway,
} from '../support/exampleGraph.ts';
import { answerWith, hang, type MisbehavingServer, startHttpSubgraph, startResettingServer } from './misbehavingServers.ts';

const QUERY = '{ topProducts(first: 2) { name inStock } }';
const PARTIAL_DATA = {
  topProducts: [
    { name: 'Table', inStock: null },
    { name: 'Couch', inStock: null },
  ],
};

describe('a subgraph that fails gives partial data with a documented code, and the gateway stays up', () => {
  let graph: ExampleGraph;
  const servers: MisbehavingServer[] = [];
  const gateways: TestGateway[] = [];

  /** A gateway whose inventory subgraph is `inventoryUrl`; the other three are healthy. */
  async function gatewayWithInventoryAt(inventoryUrl: string, config: Record<string, unknown> = {}): Promise<TestGateway> {
    const sdl = composeExampleSupergraph({ ...graph.subgraphs.urls, inventory: inventoryUrl });
    const gateway = await startTestGateway({ supergraph: { sdl }, subgraphs: { all: { timeout: 300, retries: 1 } }, ...config });
    gateways.push(gateway);
    return gateway;
  }

  async function server(started: Promise<MisbehavingServer>): Promise<MisbehavingServer> {
    const running = await started;
    servers.push(running);
    return running;
  }

  async function expectPartial(gateway: TestGateway, code: string) {
    const response = await gateway.post({ query: QUERY });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual(PARTIAL_DATA);
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual([code]);
    // Still serving: a query that needs only healthy subgraphs answers in full.
    const healthy = await gateway.post({ query: '{ topProducts(first: 1) { name reviews { id } } }' });
    expect(healthy.body).toEqual({
      data: { topProducts: [{ name: 'Table', reviews: [{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }] }] },
    });
    return response;
  }

  beforeAll(async () => {
    graph = await startExampleGraph();
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    for (const running of servers) await running.close();
    await graph?.close();
  });

  it('answers SUBGRAPH_UNAVAILABLE when nothing listens at the subgraph', async () => {
    const down = await server(startHttpSubgraph(hang));
    await down.close();
    await expectPartial(await gatewayWithInventoryAt(down.url), 'SUBGRAPH_UNAVAILABLE');
  });

  it('answers SUBGRAPH_TIMEOUT when the subgraph does not answer within its timeout', async () => {
    const slow = await server(startHttpSubgraph(hang));
    const started = Date.now();
    await expectPartial(await gatewayWithInventoryAt(slow.url), 'SUBGRAPH_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers SUBGRAPH_INVALID_RESPONSE when the subgraph sends HTML, broken JSON, or JSON that is not a GraphQL response', async () => {
    for (const respond of [
      answerWith(200, 'text/html', '<html>Oops</html>'),
      answerWith(200, 'application/json', '{"data": {'),
      answerWith(200, 'application/json', '[1, 2, 3]'),
    ]) {
      const garbage = await server(startHttpSubgraph(respond));
      await expectPartial(await gatewayWithInventoryAt(garbage.url), 'SUBGRAPH_INVALID_RESPONSE');
    }
  });

  it('answers SUBGRAPH_UNAVAILABLE when the subgraph fails with a 5xx page', async () => {
    const failing = await server(startHttpSubgraph(answerWith(503, 'text/html', '<h1>Service Unavailable</h1>')));
    await expectPartial(await gatewayWithInventoryAt(failing.url), 'SUBGRAPH_UNAVAILABLE');
  });

  it('retries a request that could not be sent at all (connection refused), as many times as `retries` says', async () => {
    const down = await server(startHttpSubgraph(hang));
    await down.close();
    const port = new URL(down.url).port;
    let attempts = 0;
    const countAttempts = (message: unknown) => {
      if ((message as { connectParams: { port: string } }).connectParams.port === port) attempts++;
    };
    subscribe('undici:client:beforeConnect', countAttempts);
    try {
      await expectPartial(await gatewayWithInventoryAt(down.url, { subgraphs: { all: { retries: 2 } } }), 'SUBGRAPH_UNAVAILABLE');
    } finally {
      unsubscribe('undici:client:beforeConnect', countAttempts);
    }
    expect(attempts).toBe(3);
  });

  it('does not retry a request once it was written, even when the connection is then reset', async () => {
    const resetting = await server(startResettingServer());
    await expectPartial(await gatewayWithInventoryAt(resetting.url, { subgraphs: { all: { retries: 3 } } }), 'SUBGRAPH_UNAVAILABLE');
    expect(resetting.hits).toBe(1);
  });
});
