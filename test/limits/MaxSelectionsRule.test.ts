import { describe, expect, it } from 'vitest';
import { measureSelections } from '../../src/limits/MaxSelectionsRule.ts';
import { fanOutBomb } from './support/attackDocuments.ts';
import { expandedOf, expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

const SEVEN = '{ me { ...U ...U } } fragment U on User { id name }';
const EIGHT = '{ me { ...U ...U username } } fragment U on User { id name }';

describe('MaxSelectionsRule: selections with fragments expanded', () => {
  it('counts every field, spread and inline fragment as executed, a fragment once per spread', () => {
    expect(measureSelections(expandedOf(SEVEN))).toBe(7);
    expect(measureSelections(expandedOf('{ me { ... on User { id } } }'))).toBe(3);
  });

  it('measures a fragment fan-out bomb by arithmetic, without expanding it', () => {
    const started = performance.now();
    expect(measureSelections(expandedOf(fanOutBomb(20)))).toBeGreaterThan(1e20);
    // Expanding it would never finish; the bound only catches that.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  describe('through the gateway with max_selections: 7', () => {
    const limited = limitedGateway({ limits: { max_selections: 7 } });

    it('serves an operation of 7 selections', async () => {
      expectServed(await limited.post({ query: SEVEN }));
    });

    it('refuses one of 8 with MAX_SELECTIONS_EXCEEDED, 400, the count and the limit, and asks no subgraph', async () => {
      expectRefused(await limited.post({ query: EIGHT }), limited.graph, {
        status: 400,
        code: 'MAX_SELECTIONS_EXCEEDED',
        values: { selections: 8, maxSelections: 7 },
      });
    });
  });
});
