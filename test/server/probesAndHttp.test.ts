import { auditServer } from 'graphql-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { curlPost } from '../support/curlPost.ts';
import { startTestGateway, useExampleGateway } from '../support/exampleGraph.ts';

describe('the HTTP server', () => {
  const example = useExampleGateway();
  let origin: string;

  beforeAll(() => {
    origin = new URL(example.gateway.url).origin;
  });

  it('answers /health with 200 while the process lives', async () => {
    const response = await fetch(`${origin}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready with 200 once a supergraph is loaded', async () => {
    const response = await fetch(`${origin}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('answers /ready with 503 while no supergraph is loaded', async () => {
    const { createHttpServer } = await import('../../src/server/index.ts');
    const app = await createHttpServer({
      apollo: example.gateway.gateway.apollo,
      graphqlPath: '/graphql',
      bodyLimit: 1024,
      isReady: () => false,
      features: [],
    });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    await app.close();
  });

  it('passes every MUST of the GraphQL-over-HTTP audit (graphql-http)', async () => {
    const results = await auditServer({ url: example.gateway.url });
    const failedMusts = results.filter((result) => result.name.startsWith('MUST') && result.status !== 'ok');
    expect(failedMusts.map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
    expect(results.filter((result) => result.name.startsWith('MUST')).length).toBeGreaterThanOrEqual(13);
  });

  it('answers malformed JSON with 400 and a GraphQL error, never a stack trace', async () => {
    const response = await example.gateway.post('{"query": ');
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('answers a body over the limit with 413 and code PAYLOAD_TOO_LARGE', async () => {
    const small = await startTestGateway({ supergraph: { sdl: example.graph.supergraphSdl }, server: { body_limit: 1024 } });
    try {
      const response = await small.post({ query: `{ users { id } } # ${'x'.repeat(2048)}` });
      expect(response.status).toBe(413);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it("answers 413 to clients that send the whole body at once (Node's fetch, 5 MB and 20 MB) and to curl's Expect: 100-continue", async () => {
    const small = await startTestGateway({ supergraph: { sdl: example.graph.supergraphSdl }, server: { body_limit: 1024 } });
    try {
      for (const size of [5, 20]) {
        const response = await fetch(small.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: `{ users { id } } # ${'x'.repeat(size * 1024 * 1024)}` }),
        });
        expect(response.status).toBe(413);
        // The connection closes after the refusal: the rest of the body is not waited for.
        expect(response.headers.get('connection')).toBe('close');
        expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      }
      const body = JSON.stringify({ query: `{ users { id } } # ${'x'.repeat(5 * 1024 * 1024)}` });
      // curl sends `Expect: 100-continue` for a body this large and waits for the answer before sending it.
      const stdout = await curlPost(small.url, body);
      expect(stdout).toMatch(/^HTTP\/1\.1 413/m);
      expect(stdout).not.toMatch(/100 Continue/);
      expect(stdout).toContain('PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('answers an unknown path with 404 in the GraphQL error shape', async () => {
    const response = await fetch(`${origin}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });

  it('echoes a sane x-request-id and generates one otherwise', async () => {
    const given = await example.gateway.post({ query: '{ __typename }' }, { 'x-request-id': 'req-123' });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const generated = await example.gateway.post({ query: '{ __typename }' }, { 'x-request-id': 'bad id with spaces' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
