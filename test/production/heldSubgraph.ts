// Test fixture: an inventory subgraph that holds every request until the test releases them, so a
// test decides exactly when requests are in flight.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type MisbehavingServer, startHttpSubgraph } from './misbehavingServers.ts';

export interface HeldSubgraph extends MisbehavingServer {
  /** Requests received and not yet answered. */
  readonly held: number;
  /** Answers every held request (and any later one at once): each product in stock. */
  release(): void;
}

export async function startHeldInventory(): Promise<HeldSubgraph> {
  const waiting: (() => void)[] = [];
  let released = false;
  const answer = (response: ServerResponse, body: string) => {
    const { variables } = JSON.parse(body) as { variables?: { representations?: unknown[] } };
    const entities = (variables?.representations ?? []).map(() => ({ __typename: 'Product', inStock: true }));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { _entities: entities } }));
  };
  const server = await startHttpSubgraph((_request: IncomingMessage, response, body) => {
    if (released) answer(response, body);
    else waiting.push(() => answer(response, body));
  });
  return {
    url: server.url,
    get hits() {
      return server.hits;
    },
    get held() {
      return waiting.length;
    },
    release() {
      released = true;
      for (const respond of waiting.splice(0)) respond();
    },
    close: server.close,
  };
}
