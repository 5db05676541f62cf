import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/gateway/index.ts';
import { useExampleGateway } from '../support/exampleGraph.ts';

describe('BoundedCache, behind the document store and the query plan cache', () => {
  it('keeps at most max_entries, dropping the least recently used', async () => {
    const cache = new BoundedCache<{ n: number }>({ max_entries: 2, max_mb: 1 });
    await cache.set('a', { n: 1 });
    await cache.set('b', { n: 2 });
    await cache.get('a');
    await cache.set('c', { n: 3 });
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toEqual({ n: 1 });
  });

  it('keeps at most max_mb of values, by their JSON size', async () => {
    const cache = new BoundedCache<{ text: string }>({ max_entries: 1000, max_mb: 1 });
    const big = { text: 'x'.repeat(300 * 1024) };
    for (const key of ['a', 'b', 'c', 'd', 'e']) await cache.set(key, big);
    expect(cache.size).toBe(3);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('e')).toBe(big);
  });
});

describe('the gateway with small caches', () => {
  const example = useExampleGateway({
    cache: { documents: { max_entries: 1 }, query_plans: { max_entries: 1, max_mb: 0.01 } },
  });

  it('answers correctly while documents and plans are evicted between requests', async () => {
    for (let round = 0; round < 3; round++) {
      expect((await example.gateway.post({ query: '{ topProducts(first: 1) { name } }' })).body).toEqual({
        data: { topProducts: [{ name: 'Table' }] },
      });
      expect((await example.gateway.post({ query: '{ me { username } }' })).body).toEqual({ data: { me: { username: 'urigo' } } });
    }
  });
});
