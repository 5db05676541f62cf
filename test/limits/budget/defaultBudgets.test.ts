import { describe, expect, it } from 'vitest';
import { useExampleGateway } from '../../support/exampleGraph.ts';

describe('rate limits with no limits config', () => {
  const example = useExampleGateway();

  it('are on: every answer says the default budget and what the operation spent of it', async () => {
    const first = await example.gateway.post({ query: '{ users { id } }' });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('1000000');
    expect(first.headers.get('ratelimit-policy')).toBe('1000000;w=60');
    const remainingAfterFirst = Number(first.headers.get('ratelimit-remaining'));
    const second = await example.gateway.post({ query: '{ users { id } }' });
    const spent = remainingAfterFirst - Number(second.headers.get('ratelimit-remaining'));
    expect(spent).toBeGreaterThan(0);
    expect(1_000_000 - remainingAfterFirst).toBe(spent);
  });
});
