import { describe, expect, it } from 'vitest';
import { measureSelectionNesting } from '../../src/limits/MaxNestingRule.ts';
import { scanDocument } from '../../src/limits/scanDocument.ts';
import { expandedOf, expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

const NESTED_4 = '{ users { reviews { product { name } } } }';
const NESTED_5 = '{ users { reviews { product { reviews { id } } } } }';
/** Brackets nest 2 deep, but the spreads chain 5 levels of selections. */
const CHAINED_5 =
  '{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...D } fragment D on Query { me { id } }';

describe('MaxNestingRule: brackets before parsing, selections through fragments after', () => {
  it('measures the nesting of {, [ and ( before parsing', () => {
    expect(scanDocument('{ a(x: [[1]]) { b } }', 100).nesting).toBe(4);
    expect(scanDocument(NESTED_4, 100).nesting).toBe(4);
  });

  it('measures selections through chains of fragment spreads, which nest without brackets', () => {
    expect(measureSelectionNesting(expandedOf(NESTED_4))).toBe(4);
    expect(scanDocument(CHAINED_5, 100).nesting).toBe(2);
    expect(measureSelectionNesting(expandedOf(CHAINED_5))).toBe(6);
  });

  describe('through the gateway with max_nesting: 4', () => {
    const limited = limitedGateway({ limits: { max_nesting: 4 } });

    it('serves an operation nested 4 deep', async () => {
      expectServed(await limited.post({ query: NESTED_4 }));
    });

    it('refuses one nested 5 deep with MAX_NESTING_EXCEEDED, 400, the nesting and the limit, and asks no subgraph', async () => {
      expectRefused(await limited.post({ query: NESTED_5 }), limited.graph, {
        status: 400,
        code: 'MAX_NESTING_EXCEEDED',
        values: { nesting: 5, maxNesting: 4 },
      });
    });

    it('refuses a chain of fragments that nests deeper than its brackets', async () => {
      expectRefused(await limited.post({ query: CHAINED_5 }), limited.graph, {
        status: 400,
        code: 'MAX_NESTING_EXCEEDED',
        values: { nesting: 6, maxNesting: 4 },
      });
    });
  });
});
