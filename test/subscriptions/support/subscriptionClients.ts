// Test support: real graphql-ws and graphql-sse clients against a gateway, each subscription's results
// collected, and waits on what the subgraphs received instead of sleeps.
import type { FormattedExecutionResult } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { type Client, createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { ExampleGraph } from '../../support/exampleGraph.ts';
import { waitFor } from '../../support/waitFor.ts';

/** How a subscription ended: completed, or failed with what the client library reported (errors or a close event). */
export type Ending = { kind: 'complete' } | { kind: 'error'; error: unknown };

export interface CollectedSubscription {
  readonly results: FormattedExecutionResult[];
  readonly ended: Promise<Ending>;
  /** Resolves once `count` results arrived. */
  received(count: number): Promise<FormattedExecutionResult[]>;
  unsubscribe(): void;
}

interface SinkClient {
  subscribe(
    payload: { query: string; variables?: Record<string, unknown> },
    sink: {
      next(value: FormattedExecutionResult): void;
      error(error: unknown): void;
      complete(): void;
    },
  ): () => void;
}

export function collect(client: SinkClient, query: string, variables?: Record<string, unknown>): CollectedSubscription {
  const results: FormattedExecutionResult[] = [];
  let end: (ending: Ending) => void = () => undefined;
  const ended = new Promise<Ending>((resolve) => {
    end = resolve;
  });
  const unsubscribe = client.subscribe(
    { query, ...(variables ? { variables } : {}) },
    {
      next: (value) => results.push(value),
      error: (error) => end({ kind: 'error', error }),
      complete: () => end({ kind: 'complete' }),
    },
  );
  return {
    results,
    ended,
    received: async (count) => {
      await waitFor(() => results.length >= count, { what: `${count} results`, timeoutMs: 10_000 });
      return results;
    },
    unsubscribe,
  };
}

export function webSocketClient(gatewayUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createWsClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...(connectionParams ? { connectionParams } : {}),
  });
}

/** A client that connects at once and stays connected; resolves once the gateway acknowledged it. */
export async function connectedWebSocketClient(gatewayUrl: string): Promise<Client> {
  let connected: () => void = () => undefined;
  const acknowledged = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const client = createWsClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    on: { connected: () => connected() },
  });
  await acknowledged;
  return client;
}

export function sseClient(gatewayUrl: string, headers: Record<string, string> = {}) {
  return createSseClient({ url: gatewayUrl, headers, retryAttempts: 0 });
}

/** Waits until the reviews subgraph has received `count` subscriptions in all. */
/** The subscriptions the gateway has open now, from its /metrics. */
async function openAtGateway(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gatewayUrl))).text();
  return [...text.matchAll(/^gatehouse_subscriptions_active\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/**
 * Waits until the gateway has `count` subscriptions open and the reviews subgraph has received
 * `subgraphCount` subscriptions in all (clients asking for the same one share a subgraph subscription).
 */
export async function subscriptionsOpen(gatewayUrl: string, graph: ExampleGraph, count: number, subgraphCount: number): Promise<void> {
  await waitFor(async () => (await openAtGateway(gatewayUrl)) >= count, {
    what: `${count} subscriptions open at the gateway`,
    timeoutMs: 30_000,
  });
  await subgraphSubscriptions(graph, subgraphCount);
}

export function subgraphSubscriptions(graph: ExampleGraph, count: number): Promise<unknown> {
  return waitFor(
    () =>
      graph.received.filter((entry) => entry.subgraph === 'reviews' && entry.operation.query.startsWith('subscription')).length >= count,
    { what: `${count} subscriptions at the reviews subgraph`, timeoutMs: 10_000 },
  );
}

export const REVIEW_ADDED = /* GraphQL */ `
  subscription ReviewAdded($upc: String) {
    reviewAdded(upc: $upc) {
      id
      body
      author { name username }
      product { name price inStock shippingEstimate }
    }
  }
`;
