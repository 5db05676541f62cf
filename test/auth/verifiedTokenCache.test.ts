import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuthConfigInput } from '../../src/config/authConfig.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { waitFor } from '../support/waitFor.ts';
import { startTestIssuer, type TestIssuer } from './support/testIssuer.ts';

const QUERY = { query: '{ topProducts(first: 1) { name } }' };

describe('remembering verified tokens', () => {
  let graph: ExampleGraph;
  let issuer: TestIssuer;
  let gateway: TestGateway | undefined;

  beforeAll(async () => {
    graph = await startExampleGraph();
  });
  afterEach(async () => {
    await gateway?.close();
    await issuer?.close();
  });
  afterAll(async () => {
    await graph?.close();
  });

  async function gatewayWith(auth: Partial<AuthConfigInput>) {
    issuer = await startTestIssuer({ alg: 'ES256' });
    gateway = await startTestGateway({
      supergraph: { sdl: graph.supergraphSdl },
      auth: {
        issuers: [
          {
            issuer: issuer.issuer,
            audience: issuer.audience,
            jwks_url: issuer.jwksUrl,
            jwks_cooldown: 0,
            jwks_cache_max_age: 0,
            clock_tolerance: 0,
          },
        ],
        ...auth,
      },
    });
    return gateway;
  }

  const statusFor = async (instance: TestGateway, token: string) =>
    (await instance.post(QUERY, { authorization: `Bearer ${token}` })).status;

  it('accepts a token it verified before without verifying it again (its key may be gone by then)', async () => {
    const instance = await gatewayWith({});
    const token = await issuer.sign({ sub: 'a' });
    expect(await statusFor(instance, token)).toBe(200);
    await issuer.rotate('key-2');
    expect(await statusFor(instance, token)).toBe(200);
    expect(issuer.fetches).toBe(1);
  });

  it('verifies every request when verified_tokens is 0', async () => {
    const instance = await gatewayWith({ verified_tokens: 0 });
    const token = await issuer.sign({ sub: 'a' });
    expect(await statusFor(instance, token)).toBe(200);
    await issuer.rotate('key-2');
    expect(await statusFor(instance, token)).toBe(401);
  });

  it('stops trusting a remembered token after verified_token_ttl, and never past its exp', async () => {
    const byTtl = await gatewayWith({ verified_token_ttl: 300 });
    const token = await issuer.sign({ sub: 'a' });
    expect(await statusFor(byTtl, token)).toBe(200);
    await issuer.rotate('key-2');
    await waitFor(async () => (await statusFor(byTtl, token)) === 401, { what: 'the remembered token to expire from the cache' });
    await byTtl.close();
    await issuer.close();

    const byExp = await gatewayWith({});
    const shortLived = await issuer.sign({ sub: 'a' }, { expiresIn: 1 });
    expect(await statusFor(byExp, shortLived)).toBe(200);
    await waitFor(async () => (await statusFor(byExp, shortLived)) === 401, { what: 'the token to expire', timeoutMs: 5_000 });
  });
});
