import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreateGatewayOptions } from '../../src/server/index.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { expectRefused, expectServed } from './support/limitedGateway.ts';

const INTROSPECTION = { query: '{ __schema { queryType { name } } }' };

describe('request guards', () => {
  let graph: ExampleGraph;
  const started: TestGateway[] = [];

  async function gatewayWith(options: Partial<CreateGatewayOptions> = {}) {
    const gateway = await startTestGateway({ supergraph: { sdl: graph.supergraphSdl }, ...options });
    started.push(gateway);
    return gateway;
  }

  beforeAll(async () => {
    graph = await startExampleGraph();
  });
  afterAll(async () => {
    for (const gateway of started) await gateway.close();
    await graph?.close();
  });

  it('refuses a body over server.body_limit with 413 PAYLOAD_TOO_LARGE in the GraphQL error shape, before parsing it', async () => {
    const gateway = await gatewayWith({ server: { body_limit: 1000 } });
    graph.received.length = 0;
    const response = await gateway.post({ query: `{ me { id } } #${'x'.repeat(2000)}` });
    expectRefused(response, graph, { status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  describe('introspection', () => {
    afterAll(() => {
      vi.unstubAllEnvs();
    });

    it('is off when NODE_ENV=production, unless config turns it on', async () => {
      vi.stubEnv('NODE_ENV', 'production');
      const production = await gatewayWith();
      graph.received.length = 0;
      const refused = await production.post(INTROSPECTION);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
      const enabled = await gatewayWith({ introspection: true });
      expectServed(await enabled.post(INTROSPECTION));
      vi.unstubAllEnvs();
      expectServed(await (await gatewayWith()).post(INTROSPECTION));
    });
  });

  it('prevents CSRF: a GET without a preflight-forcing header is refused, one with it is served', async () => {
    const gateway = await gatewayWith();
    const url = `${gateway.url}?query=${encodeURIComponent('{ me { id } }')}`;
    graph.received.length = 0;
    const simple = await fetch(url);
    expect(simple.status).toBe(400);
    expect(((await simple.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/Cross-Site Request Forgery/);
    expect(graph.received).toEqual([]);
    const preflighted = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await preflighted.json()).toEqual({ data: { me: { id: '1' } } });
  });

  it('never puts a stack trace or internals in a refusal, in production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const gateway = await gatewayWith({ limits: { max_depth: 1 } });
    vi.unstubAllEnvs();
    graph.received.length = 0;
    const response = await gateway.post({ query: '{ users { reviews { id } } }' });
    expect(response.body).toEqual({
      errors: [
        { message: 'The operation is 2 levels deep; the limit is 1.', extensions: { code: 'MAX_DEPTH_EXCEEDED', depth: 2, maxDepth: 1 } },
      ],
    });
  });
});
