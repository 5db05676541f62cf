import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInGateway, startSignedInGateway } from '../authz/support/signedInGateway.ts';
import { type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';
import { collect, REVIEW_ADDED, sseClient, subscriptionsOpen, webSocketClient } from './support/subscriptionClients.ts';

const ADD_REVIEW = 'mutation Add($upc: String!) { addReview(upc: $upc, body: "Nice") { id } }';
const WITH_EMAIL = 'subscription { reviewAdded { id author { username email } } }';

function subscriptionsReceived(graph: ExampleGraph): number {
  return graph.received.filter((entry) => entry.subgraph === 'reviews' && entry.operation.query.startsWith('subscription')).length;
}

/** The example graph and a gateway with a test issuer over it, started for one describe block. */
function useSignedInExampleGateway(options: Omit<Parameters<typeof startSignedInGateway>[0], 'supergraph'>) {
  const started = {} as { graph: ExampleGraph; gateway: SignedInGateway };
  beforeAll(async () => {
    started.graph = await startExampleGraph();
    started.gateway = await startSignedInGateway({ supergraph: { sdl: started.graph.supergraphSdl }, ...options });
  });
  afterAll(async () => {
    await started.gateway?.close();
    await started.graph?.close();
  });
  return started;
}

describe('subscriptions under examples/permissions.ts, signed-in callers and limits', () => {
  const example = useSignedInExampleGateway({ authorization: { rules: './examples/permissions.ts' }, limits: { max_aliases: 3 } });

  const tokenOf = async (sub: string, expiresIn?: number) => example.gateway.issuer.sign({ sub }, expiresIn ? { expiresIn } : {});
  const addReview = async (upc: string) =>
    example.gateway.post({ query: ADD_REVIEW, variables: { upc } }, await example.gateway.as({ sub: '5' }));

  it('nulls a field the caller may not read with FORBIDDEN in every event, and gives it to the caller who may', async () => {
    const owner = webSocketClient(example.gateway.url, { Authorization: `Bearer ${await tokenOf('1')}` });
    const other = sseClient(example.gateway.url, { authorization: `Bearer ${await tokenOf('2')}` });
    try {
      const before = subscriptionsReceived(example.graph);
      const asOwner = collect(owner, WITH_EMAIL);
      const asOther = collect(other, WITH_EMAIL);
      await subscriptionsOpen(example.gateway.url, example.graph, 2, before + 1);
      await addReview('1');
      await addReview('2');
      const [first, second] = await asOther.received(2);
      for (const event of [first, second]) {
        expect(event?.data).toEqual({ reviewAdded: { id: expect.any(String), author: { username: 'urigo', email: null } } });
        expect(event?.errors).toEqual([
          { message: 'Not authorized to read User.email', path: ['reviewAdded', 'author', 'email'], extensions: { code: 'FORBIDDEN' } },
        ]);
      }
      const owned = await asOwner.received(2);
      expect(owned.map((event) => event.data)).toEqual([
        { reviewAdded: { id: expect.any(String), author: { username: 'urigo', email: 'urigo@example.com' } } },
        { reviewAdded: { id: expect.any(String), author: { username: 'urigo', email: 'urigo@example.com' } } },
      ]);
      expect(owned.every((event) => event.errors === undefined)).toBe(true);
      asOwner.unsubscribe();
      asOther.unsubscribe();
    } finally {
      await owner.dispose();
      other.dispose();
    }
  });

  it('refuses a subscription whose root field the caller may not read before the subgraph sees it', async () => {
    const anonymous = webSocketClient(example.gateway.url);
    try {
      const before = subscriptionsReceived(example.graph);
      const refused = collect(anonymous, REVIEW_ADDED);
      const ending = await refused.ended;
      expect(ending).toEqual({
        kind: 'error',
        error: [expect.objectContaining({ path: ['reviewAdded'], extensions: { code: 'UNAUTHENTICATED' } })],
      });
      expect(subscriptionsReceived(example.graph)).toBe(before);
    } finally {
      await anonymous.dispose();
    }
  });

  it('refuses a subscription over the limits before subscribing, over WebSocket and SSE', async () => {
    const abusive = 'subscription { a: reviewAdded { id } b: reviewAdded { id } c: reviewAdded { id } d: reviewAdded { id } }';
    const before = subscriptionsReceived(example.graph);
    const ws = webSocketClient(example.gateway.url, { authorization: `Bearer ${await tokenOf('1')}` });
    try {
      const ending = await collect(ws, abusive).ended;
      expect(ending).toEqual({
        kind: 'error',
        error: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'MAX_ALIASES_EXCEEDED' }) })],
      });
    } finally {
      await ws.dispose();
    }
    const response = await fetch(example.gateway.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...(await example.gateway.as({ sub: '1' })) },
      body: JSON.stringify({ query: abusive }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'MAX_ALIASES_EXCEEDED',
    );
    expect(subscriptionsReceived(example.graph)).toBe(before);
  });

  it('refuses a stream with a bad token with 401, and ends a subscription with UNAUTHENTICATED when its token expires', async () => {
    const bad = await fetch(example.gateway.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ query: REVIEW_ADDED }),
    });
    expect(bad.status).toBe(401);

    const ws = webSocketClient(example.gateway.url, { authorization: `Bearer ${await tokenOf('1', 2)}` });
    try {
      const subscription = collect(ws, REVIEW_ADDED);
      expect(await subscription.ended).toEqual({ kind: 'complete' });
      expect(subscription.results.at(-1)?.errors).toEqual([
        { message: 'The token expired: subscribe again with a fresh token', extensions: { code: 'UNAUTHENTICATED' } },
      ]);
    } finally {
      await ws.dispose();
    }
  });
});

describe('subscription bounds', () => {
  const example = useSignedInExampleGateway({ subscriptions: { max_per_connection: 2, max_per_principal: 3 } });

  it('refuses a subscription past max_per_connection, then past max_per_principal across connections', async () => {
    const token = await example.gateway.issuer.sign({ sub: '1' });
    const first = webSocketClient(example.gateway.url, { authorization: `Bearer ${token}` });
    const second = webSocketClient(example.gateway.url, { authorization: `Bearer ${token}` });
    try {
      const before = subscriptionsReceived(example.graph);
      const open = [collect(first, REVIEW_ADDED), collect(first, REVIEW_ADDED)];
      await subscriptionsOpen(example.gateway.url, example.graph, 2, before + 1);
      const overConnection = await collect(first, REVIEW_ADDED).ended;
      expect(overConnection).toEqual({
        kind: 'error',
        error: [expect.objectContaining({ extensions: { code: 'SUBSCRIPTION_LIMIT_EXCEEDED', max: 2 } })],
      });
      open.push(collect(second, REVIEW_ADDED));
      await subscriptionsOpen(example.gateway.url, example.graph, 3, before + 1);
      const overPrincipal = await collect(second, REVIEW_ADDED).ended;
      expect(overPrincipal).toEqual({
        kind: 'error',
        error: [expect.objectContaining({ extensions: { code: 'SUBSCRIPTION_LIMIT_EXCEEDED', max: 3 } })],
      });
      for (const subscription of open) subscription.unsubscribe();
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });
});

describe('connections per client address', () => {
  const example = useSignedInExampleGateway({ subscriptions: { max_connections_per_address: 3 } });

  it('refuses a WebSocket upgrade or SSE stream past max_connections_per_address with 429', async () => {
    const clients = [webSocketClient(example.gateway.url), webSocketClient(example.gateway.url), webSocketClient(example.gateway.url)];
    try {
      const before = subscriptionsReceived(example.graph);
      const held = clients.map((client) => collect(client, REVIEW_ADDED));
      await subscriptionsOpen(example.gateway.url, example.graph, 3, before + 1);
      const fourth = webSocketClient(example.gateway.url);
      const refused = await collect(fourth, REVIEW_ADDED).ended;
      await fourth.dispose();
      expect(refused.kind).toBe('error');
      expect((refused as { error: { message?: string } }).error.message).toMatch(/429/);
      const stream = await fetch(example.gateway.url, {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify({ query: REVIEW_ADDED }),
      });
      expect(stream.status).toBe(429);
      expect(((await stream.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
        'TOO_MANY_CONNECTIONS',
      );
      for (const subscription of held) subscription.unsubscribe();
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});

describe('gateway shutdown with open subscriptions', () => {
  it('ends SSE streams with SHUTTING_DOWN and closes WebSockets with 1001', async () => {
    const graph = await startExampleGraph();
    const logLines: { msg?: string; reason?: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
    const gateway = await startSignedInGateway({
      supergraph: { sdl: graph.supergraphSdl },
      server: { shutdown_timeout: 5000 },
      logger,
    });
    const ws = webSocketClient(gateway.url);
    const sse = sseClient(gateway.url);
    try {
      const overWebSocket = collect(ws, REVIEW_ADDED);
      const overSse = collect(sse, REVIEW_ADDED);
      await subscriptionsOpen(gateway.url, graph, 2, 1);
      await gateway.close();
      expect(await overSse.ended).toEqual({ kind: 'complete' });
      expect(overSse.results.at(-1)?.errors?.[0]?.extensions?.code).toBe('SHUTTING_DOWN');
      const ending = await overWebSocket.ended;
      expect(ending.kind === 'complete' || (ending.kind === 'error' && (ending.error as { code?: number }).code === 1001)).toBe(true);
      expect(overWebSocket.results.at(-1)?.errors?.[0]?.extensions?.code).toBe('SHUTTING_DOWN');
      // Logged (and counted) as ended by the shutdown, not by the client.
      const endings = logLines.filter((line) => line.msg === 'subscription ended').map((line) => line.reason);
      expect(endings).toEqual(['shutdown', 'shutdown']);
    } finally {
      await ws.dispose();
      sse.dispose();
      await graph.close();
    }
  });
});
