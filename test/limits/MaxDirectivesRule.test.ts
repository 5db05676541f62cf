import { describe, expect, it } from 'vitest';
import { measureDirectives } from '../../src/limits/MaxDirectivesRule.ts';
import { expandedOf, expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

describe('MaxDirectivesRule: directive uses', () => {
  it('counts directives on the operation, its variables, its selections, and fragments once per spread', () => {
    const document =
      'query Q($x: Boolean = true @v) @op { me @include(if: $x) { id @skip(if: false) } ...F ...F } fragment F on Query @f { users @include(if: true) { id } }';
    expect(measureDirectives(expandedOf(document))).toBe(8);
  });

  describe('through the gateway with max_directives: 2', () => {
    const limited = limitedGateway({ limits: { max_directives: 2 } });

    it('serves an operation with 2 directives', async () => {
      expectServed(await limited.post({ query: '{ me @include(if: true) { id @skip(if: false) } }' }));
    });

    it('refuses one with 3 with MAX_DIRECTIVES_EXCEEDED, 400, the count and the limit, and asks no subgraph', async () => {
      expectRefused(
        await limited.post({ query: '{ me @include(if: true) { id @skip(if: false) name @skip(if: false) } }' }),
        limited.graph,
        {
          status: 400,
          code: 'MAX_DIRECTIVES_EXCEEDED',
          values: { directives: 3, maxDirectives: 2 },
        },
      );
    });
  });
});
