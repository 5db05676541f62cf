import { describe, expect, it } from 'vitest';
import { measureAliases } from '../../src/limits/MaxAliasesRule.ts';
import { expandedOf, expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

describe('MaxAliasesRule: aliased fields', () => {
  it('counts every aliased field, once per spread of its fragment', () => {
    expect(measureAliases(expandedOf('{ a: me { id } b: me { x: id } }'))).toBe(3);
    expect(measureAliases(expandedOf('{ me { ...U ...U } } fragment U on User { handle: username }'))).toBe(2);
  });

  describe('through the gateway with max_aliases: 2', () => {
    const limited = limitedGateway({ limits: { max_aliases: 2 } });

    it('serves an operation with 2 aliases', async () => {
      expectServed(await limited.post({ query: '{ a: me { id } b: me { id } }' }));
    });

    it('refuses one with 3 with MAX_ALIASES_EXCEEDED, 400, the count and the limit, and asks no subgraph', async () => {
      expectRefused(await limited.post({ query: '{ a: me { id } b: me { id } c: me { id } }' }), limited.graph, {
        status: 400,
        code: 'MAX_ALIASES_EXCEEDED',
        values: { aliases: 3, maxAliases: 2 },
      });
    });
  });
});
