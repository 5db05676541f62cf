import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIssuer, type TestIssuer } from '../../auth/support/testIssuer.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../../support/exampleGraph.ts';
import { waitFor } from '../../support/waitFor.ts';
import { expectRefused, expectServed, limitedGateway } from '../support/limitedGateway.ts';

const COST_18 = { query: '{ users { reviews { id } } }' };
const TOO_DEEP = { query: '{ users { reviews { product { reviews { author { reviews { product { reviews { id } } } } } } } } }' };

function rateLimitOf(headers: Headers) {
  return {
    limit: headers.get('ratelimit-limit'),
    remaining: headers.get('ratelimit-remaining'),
    reset: Number(headers.get('ratelimit-reset')),
    policy: headers.get('ratelimit-policy'),
  };
}

describe('rate limits: budgets of cost points per window', () => {
  describe('in memory, a budget of 40 points per minute', () => {
    const limited = limitedGateway({ limits: { max_depth: 5, rate: { budget: 40, window: '60s' } } });

    it('spends each operation’s cost and refuses with 429 and Retry-After once spent', async () => {
      const first = await limited.post(COST_18);
      expectServed(first);
      expect(rateLimitOf(first.headers)).toMatchObject({ limit: '40', remaining: '22', policy: '40;w=60' });
      expect(rateLimitOf(first.headers).reset).toBeGreaterThan(50);
      expect(rateLimitOf(first.headers).reset).toBeLessThanOrEqual(60);

      const second = await limited.post(COST_18);
      expectServed(second);
      expect(rateLimitOf(second.headers).remaining).toBe('4');

      const refused = await limited.post(COST_18);
      expectRefused(refused, limited.graph, { status: 429, code: 'RATE_LIMITED', values: { limit: 40, remaining: 0 } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(rateLimitOf(refused.headers).remaining).toBe('0');
    });

    it('reports the budget on a response refused by another limit, without charging it', async () => {
      const before = await limited.post({ query: '{ __typename }' });
      const response = await limited.post(TOO_DEEP);
      expectRefused(response, limited.graph, { status: 400, code: 'MAX_DEPTH_EXCEEDED' });
      expect(rateLimitOf(response.headers)).toMatchObject({ limit: '40', remaining: rateLimitOf(before.headers).remaining });
    });
  });

  describe('in memory, a budget of 18 points per second', () => {
    const limited = limitedGateway({ limits: { rate: { budget: 18, window: '1s' } } });

    it('is whole again when the window ends: a request that spends all of it is served again a window later', async () => {
      const spent = await limited.post(COST_18);
      expectServed(spent);
      expect(rateLimitOf(spent.headers).remaining).toBe('0');
      // Within the window the budget has nothing left, so the next served request is a new window's.
      const refilled = await waitFor(
        async () => {
          const response = await limited.post(COST_18);
          return response.status === 200 ? response : undefined;
        },
        { timeoutMs: 5_000, intervalMs: 100, what: 'the budget to refill' },
      );
      expect(rateLimitOf(refilled.headers)).toMatchObject({ limit: '18', remaining: '0', policy: '18;w=1' });
    });
  });

  describe('per principal, with anonymous traffic limited by IP', () => {
    let issuer: TestIssuer;
    beforeAll(async () => {
      issuer = await startTestIssuer();
    });
    afterAll(async () => {
      await issuer?.close();
    });
    const limited = limitedGateway(() => ({
      auth: { allow_anonymous: true, issuers: [{ issuer: issuer.issuer, audience: issuer.audience, jwks_url: issuer.jwksUrl }] },
      limits: { rate: { budget: 20, anonymous_requests: 2, window: '60s' }, principals: [{ role: 'partner', budget: 100 }] },
    }));

    it('keeps a budget per subject, and a bigger one for a role that has one', async () => {
      const alice = { authorization: `Bearer ${await issuer.sign({ sub: 'alice' })}` };
      const partner = { authorization: `Bearer ${await issuer.sign({ sub: 'pat', roles: ['partner'] })}` };
      expectServed(await limited.post(COST_18, alice));
      expectRefused(await limited.post(COST_18, alice), limited.graph, { status: 429, code: 'RATE_LIMITED', values: { limit: 20 } });
      for (let spent = 18; spent <= 90; spent += 18) {
        const response = await limited.post(COST_18, partner);
        expectServed(response);
        expect(response.headers.get('ratelimit-remaining')).toBe(String(100 - spent));
      }
    });

    it('allows anonymous clients 2 requests per window from one IP, then answers 429 with Retry-After', async () => {
      expectServed(await limited.post({ query: '{ me { id } }' }));
      expectServed(await limited.post({ query: '{ me { id } }' }));
      const refused = await limited.post({ query: '{ me { id } }' });
      expectRefused(refused, limited.graph, { status: 429, code: 'RATE_LIMITED', values: { limit: 2, remaining: 0 } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(refused.headers.get('ratelimit-policy')).toBe('2;w=60');
    });
  });

  describe('in Redis', () => {
    let graph: ExampleGraph;
    const started: TestGateway[] = [];
    const keyPrefix = `gatehouse-test:${randomUUID()}`;

    async function gatewayWith(rate: Record<string, unknown>): Promise<TestGateway> {
      const gateway = await startTestGateway({
        supergraph: { sdl: graph.supergraphSdl },
        limits: { rate: { key_prefix: keyPrefix, ...rate } },
      });
      started.push(gateway);
      return gateway;
    }

    beforeAll(async () => {
      graph = await startExampleGraph();
    });
    afterAll(async () => {
      for (const gateway of started) await gateway.close();
      await graph?.close();
      const redis = new Redis('redis://127.0.0.1:6379');
      const keys = await redis.keys(`${keyPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    it('makes two gateway instances spend one shared budget', async () => {
      const first = await gatewayWith({ redis: 'redis://127.0.0.1:6379', budget: 40 });
      const second = await gatewayWith({ redis: 'redis://127.0.0.1:6379', budget: 40 });
      const one = await first.post(COST_18);
      expectServed(one);
      expect(one.headers.get('ratelimit-remaining')).toBe('22');
      const two = await second.post(COST_18);
      expectServed(two);
      expect(two.headers.get('ratelimit-remaining')).toBe('4');
      graph.received.length = 0;
      expectRefused(await first.post(COST_18), graph, { status: 429, code: 'RATE_LIMITED' });
      expectRefused(await second.post(COST_18), graph, { status: 429, code: 'RATE_LIMITED' });
    });

    it('serves without budgets when Redis cannot be reached and on_store_error is allow (fail-open)', async () => {
      const gateway = await gatewayWith({ redis: 'redis://127.0.0.1:1', budget: 40, on_store_error: 'allow' });
      const started = performance.now();
      const response = await gateway.post(COST_18);
      expectServed(response);
      expect(response.headers.get('ratelimit-remaining')).toBeNull();
      expect(performance.now() - started).toBeLessThan(3_000);
    });

    it('refuses with 503 when Redis cannot be reached and on_store_error is deny (fail-closed)', async () => {
      const gateway = await gatewayWith({ redis: 'redis://127.0.0.1:1', budget: 40, on_store_error: 'deny' });
      graph.received.length = 0;
      const response = await gateway.post(COST_18);
      expectRefused(response, graph, { status: 503, code: 'RATE_LIMIT_UNAVAILABLE' });
      expect(response.headers.get('retry-after')).toBe('5');
    });
  });
});
