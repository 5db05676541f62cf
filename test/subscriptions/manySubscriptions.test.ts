import { describe, expect, it } from 'vitest';
import { useExampleGateway } from '../support/exampleGraph.ts';
import { waitFor } from '../support/waitFor.ts';
import { collect, connectedWebSocketClient, REVIEW_ADDED, subscriptionsOpen } from './support/subscriptionClients.ts';

const CONNECTIONS = 10;
const PER_CONNECTION = 100;

describe('1,000 concurrent subscriptions on one worker', () => {
  const example = useExampleGateway();

  it('delivers every event to every subscription, each with fields of all four subgraphs', async () => {
    const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => connectedWebSocketClient(example.gateway.url)));
    try {
      const subscriptions = clients.flatMap((client) => Array.from({ length: PER_CONNECTION }, () => collect(client, REVIEW_ADDED)));
      await subscriptionsOpen(example.gateway.url, example.graph, CONNECTIONS * PER_CONNECTION, 1);
      for (const body of ['First', 'Second']) {
        await example.gateway.post({
          query: 'mutation Add($body: String!) { addReview(upc: "5", body: $body) { id } }',
          variables: { body },
        });
      }
      await waitFor(() => subscriptions.every((subscription) => subscription.results.length >= 2), {
        timeoutMs: 30_000,
        what: '2 events at each of 1,000 subscriptions',
      });
      const bodies = new Set(subscriptions.map((subscription) => subscription.results.map((result) => JSON.stringify(result)).join('\n')));
      expect(bodies.size).toBe(1);
      expect(subscriptions[0]?.results).toEqual(
        ['First', 'Second'].map((body, index) => ({
          data: {
            reviewAdded: {
              id: String(12 + index),
              body,
              author: { name: 'Uri Goldshtein', username: 'urigo' },
              product: { name: 'TV', price: 1299, inStock: true, shippingEstimate: 0 },
            },
          },
        })),
      );
      for (const subscription of subscriptions) subscription.unsubscribe();
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});
