import { describe, expect, it } from 'vitest';
import { measureDepth } from '../../src/limits/MaxDepthRule.ts';
import { expandedOf, expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

const DEPTH_3 = '{ users { reviews { product { name } } } }';
const DEPTH_4 = '{ users { reviews { product { reviews { id } } } } }';

describe('MaxDepthRule: measured by graphql-depth-limit', () => {
  it('counts the fields that have selections, through fragments and inline fragments', () => {
    expect(measureDepth(expandedOf(DEPTH_3), new Set())).toBe(3);
    expect(
      measureDepth(expandedOf('{ users { ...R } } fragment R on User { reviews { ... on Review { product { name } } } }'), new Set()),
    ).toBe(3);
    expect(measureDepth(expandedOf('{ me { name } }'), new Set())).toBe(1);
  });

  it('does not count introspection fields or the configured depth_ignore fields', () => {
    expect(measureDepth(expandedOf('{ __schema { types { fields { name } } } }'), new Set())).toBe(0);
    expect(measureDepth(expandedOf(DEPTH_4), new Set(['reviews']))).toBe(1);
  });

  it('measures only the operation the request names, not the others in the document', () => {
    const document = `query Shallow { me { name } } query Deep ${DEPTH_4}`;
    expect(measureDepth(expandedOf(document, 'Shallow'), new Set())).toBe(1);
    expect(measureDepth(expandedOf(document, 'Deep'), new Set())).toBe(4);
  });

  describe('through the gateway with max_depth: 3', () => {
    const limited = limitedGateway({ limits: { max_depth: 3 } });

    it('serves an operation 3 levels deep', async () => {
      expectServed(await limited.post({ query: DEPTH_3 }));
    });

    it('refuses one 4 levels deep with MAX_DEPTH_EXCEEDED, 400, the depth and the limit, and asks no subgraph', async () => {
      const response = await limited.post({ query: DEPTH_4 });
      expectRefused(response, limited.graph, { status: 400, code: 'MAX_DEPTH_EXCEEDED', values: { depth: 4, maxDepth: 3 } });
      expect(response.body.errors?.[0]?.message).toBe('The operation is 4 levels deep; the limit is 3.');
    });
  });
});
