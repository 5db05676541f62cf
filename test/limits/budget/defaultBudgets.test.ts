import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../../support/exampleGraph.ts';

describe('rate limits with no limits config', () => {
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

  it('are on: every answer says the default budget and what the operation spent of it', async () => {
    const first = await gateway.post({ query: '{ users { id } }' });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('1000000');
    expect(first.headers.get('ratelimit-policy')).toBe('1000000;w=60');
    const remainingAfterFirst = Number(first.headers.get('ratelimit-remaining'));
    const second = await gateway.post({ query: '{ users { id } }' });
    const spent = remainingAfterFirst - Number(second.headers.get('ratelimit-remaining'));
    expect(spent).toBeGreaterThan(0);
    expect(1_000_000 - remainingAfterFirst).toBe(spent);
  });
});
