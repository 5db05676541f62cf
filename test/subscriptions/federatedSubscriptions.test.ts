import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExampleSdl } from '../../examples/subgraphs/schemas.ts';
import {
  composeExampleSupergraph,
  type ExampleGraph,
  startExampleGraph,
  startTestGateway,
  type TestGateway,
  useExampleGateway,
} from '../support/exampleGraph.ts';
import {
  collect,
  REVIEW_ADDED,
  sseClient,
  subgraphSubscriptions,
  subscriptionsOpen,
  webSocketClient,
} from './support/subscriptionClients.ts';

const ADD_REVIEW = 'mutation Add($upc: String!, $body: String!) { addReview(upc: $upc, body: $body) { id } }';

const TABLE_REVIEW = {
  reviewAdded: {
    id: '12',
    body: 'Sturdy',
    author: { name: 'Uri Goldshtein', username: 'urigo' },
    product: { name: 'Table', price: 899, inStock: true, shippingEstimate: 50 },
  },
};

describe('subscriptions through the gateway', () => {
  const example = useExampleGateway();

  it('delivers over WebSocket and SSE events that carry fields of accounts, products and inventory', async () => {
    const ws = webSocketClient(example.gateway.url);
    const sse = sseClient(example.gateway.url);
    try {
      const overWebSocket = collect(ws, REVIEW_ADDED, { upc: '1' });
      const overSse = collect(sse, REVIEW_ADDED, { upc: '1' });
      // The same subscription: one subgraph subscription feeds both.
      await subscriptionsOpen(example.gateway.url, example.graph, 2, 1);
      await example.gateway.post({ query: ADD_REVIEW, variables: { upc: '1', body: 'Sturdy' } });
      expect(await overWebSocket.received(1)).toEqual([{ data: TABLE_REVIEW }]);
      expect(await overSse.received(1)).toEqual([{ data: TABLE_REVIEW }]);
      overWebSocket.unsubscribe();
      overSse.unsubscribe();
    } finally {
      await ws.dispose();
      sse.dispose();
    }
  });

  it('refuses a subscription sent as a plain HTTP request, naming the transports that serve it', async () => {
    const response = await example.gateway.post({ query: REVIEW_ADDED });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTION_TRANSPORT_REQUIRED');
    expect(response.body.errors?.[0]?.message).toMatch(/WebSocket .*SSE/);
  });

  it('still answers queries and mutations sent over the WebSocket', async () => {
    const ws = webSocketClient(example.gateway.url);
    try {
      const query = collect(ws, '{ topProducts(first: 1) { name inStock } }');
      expect(await query.ended).toEqual({ kind: 'complete' });
      expect(query.results).toEqual([{ data: { topProducts: [{ name: 'Table', inStock: true }] } }]);
    } finally {
      await ws.dispose();
    }
  });

  it('counts open subscriptions and delivered events in /metrics', async () => {
    const ws = webSocketClient(example.gateway.url);
    try {
      const before = example.graph.received.length;
      const subscription = collect(ws, REVIEW_ADDED, { upc: '3' });
      await subscriptionsOpen(example.gateway.url, example.graph, 1, countSubscriptions(example.graph, before) + 1);
      const metricsUrl = new URL('/metrics', example.gateway.url);
      expect(await (await fetch(metricsUrl)).text()).toMatch(/gatehouse_subscriptions_active\{transport="websocket"\} 1/);
      await example.gateway.post({ query: ADD_REVIEW, variables: { upc: '3', body: 'Clear' } });
      await subscription.received(1);
      const metrics = await (await fetch(metricsUrl)).text();
      expect(metrics).toMatch(/gatehouse_subscription_events_total\{transport="websocket",outcome="delivered"\} [1-9]/);
      subscription.unsubscribe();
    } finally {
      await ws.dispose();
    }
  });
});

function countSubscriptions(graph: ExampleGraph, upTo: number): number {
  return graph.received.slice(0, upTo).filter((entry) => entry.subgraph === 'reviews' && entry.operation.query.startsWith('subscription'))
    .length;
}

describe('a subgraph that restarts under a subscription', () => {
  // Its own graph: the restart must not disturb the other suites' subscriptions.
  let graph: ExampleGraph;
  let gateway: TestGateway;
  beforeAll(async () => {
    graph = await startExampleGraph();
    gateway = await startTestGateway({ supergraph: { sdl: graph.supergraphSdl } });
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.close();
  });

  it('ends the client stream with SUBGRAPH_UNAVAILABLE, and a new subscription works once it is back', async () => {
    const ws = webSocketClient(gateway.url);
    try {
      const subscription = collect(ws, REVIEW_ADDED);
      await subgraphSubscriptions(graph, 1);
      await graph.subgraphs.restart('reviews');
      expect(await subscription.ended).toEqual({ kind: 'complete' });
      expect(subscription.results).toEqual([
        {
          errors: [
            {
              message: expect.stringMatching(/^Subgraph "reviews" is unavailable \(its subscription connection closed: 1001/),
              extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
            },
          ],
        },
      ]);
      const again = collect(ws, REVIEW_ADDED);
      await subgraphSubscriptions(graph, 2);
      await gateway.post({ query: ADD_REVIEW, variables: { upc: '1', body: 'Sturdy' } });
      expect(await again.received(1)).toEqual([{ data: TABLE_REVIEW }]);
    } finally {
      await ws.dispose();
    }
  });
});

describe('a subgraph subscribed to over graphql-sse (subscriptions.subgraphs.NAME.protocol)', () => {
  const example = useExampleGateway({ subscriptions: { subgraphs: { reviews: { protocol: 'graphql-sse' } } } });

  it('delivers the events of a subgraph reached over Server-Sent Events, with fields of the other subgraphs', async () => {
    const ws = webSocketClient(example.gateway.url);
    try {
      const subscription = collect(ws, REVIEW_ADDED, { upc: '1' });
      await subscriptionsOpen(example.gateway.url, example.graph, 1, 1);
      const atSubgraph = example.graph.received.find(
        (entry) => entry.subgraph === 'reviews' && entry.operation.query.startsWith('subscription'),
      );
      expect(atSubgraph?.operation.headers.accept).toMatch(/text\/event-stream/);
      await example.gateway.post({ query: ADD_REVIEW, variables: { upc: '1', body: 'Sturdy' } });
      expect(await subscription.received(1)).toEqual([{ data: TABLE_REVIEW }]);
      subscription.unsubscribe();
    } finally {
      await ws.dispose();
    }
  });
});

describe('a new supergraph under open subscriptions', () => {
  let graph: ExampleGraph;
  let directory: string;
  let file: string;
  let gateway: TestGateway;
  beforeAll(async () => {
    graph = await startExampleGraph();
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-subscriptions-'));
    file = join(directory, 'supergraph.graphql');
    await writeFile(file, graph.supergraphSdl);
    gateway = await startTestGateway({ supergraph: { file } });
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('ends them with SUBSCRIPTION_SCHEMA_RELOAD, and a subscription opened again serves the new graph', async () => {
    const ws = webSocketClient(gateway.url);
    try {
      const before = collect(ws, REVIEW_ADDED, { upc: '1' });
      await subscriptionsOpen(gateway.url, graph, 1, 1);
      const withoutEmail = readExampleSdl('accounts').replace('  email: String\n', '');
      await writeFile(file, composeExampleSupergraph(graph.subgraphs.urls, { accounts: withoutEmail }));
      expect(await before.ended).toEqual({ kind: 'complete' });
      expect(before.results).toEqual([
        { errors: [{ message: 'The supergraph changed: subscribe again', extensions: { code: 'SUBSCRIPTION_SCHEMA_RELOAD' } }] },
      ]);
      const metrics = await (await fetch(new URL('/metrics', gateway.url))).text();
      expect(metrics).toMatch(/gatehouse_subscriptions_ended_total\{transport="websocket",reason="supergraph_changed"\} 1/);

      // The same WebSocket: subscriptions are now planned against the new graph, which has no User.email.
      const gone = collect(ws, 'subscription { reviewAdded(upc: "1") { author { email } } }');
      expect(await gone.ended).toEqual({ kind: 'complete' });
      expect(gone.results).toMatchObject([{ errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }]);
      const again = collect(ws, REVIEW_ADDED, { upc: '1' });
      await subgraphSubscriptions(graph, 2);
      await gateway.post({ query: ADD_REVIEW, variables: { upc: '1', body: 'Sturdy' } });
      expect(await again.received(1)).toEqual([{ data: TABLE_REVIEW }]);
    } finally {
      await ws.dispose();
    }
  });
});
