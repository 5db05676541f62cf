import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureHeight } from '../../src/limits/MaxHeightRule.ts';
import { expandedOf, expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

describe('MaxHeightRule: distinct fields', () => {
  it('counts a field once however often it is aliased or spread', () => {
    expect(measureHeight(expandedOf('{ me { id name nick: name } }'))).toBe(3);
    expect(measureHeight(expandedOf('{ me { ...U ...U } } fragment U on User { id name }'))).toBe(3);
  });

  it('counts the same field under two parents twice', () => {
    expect(measureHeight(expandedOf('{ me { id } users { id } }'))).toBe(4);
  });

  it('does not count introspection fields, or what they select', () => {
    expect(measureHeight(expandedOf('{ __typename me { __typename id } }'))).toBe(2);
    expect(measureHeight(expandedOf(getIntrospectionQuery({ descriptions: true, directiveIsRepeatable: true })))).toBe(0);
  });

  describe('with the default limits', () => {
    const limited = limitedGateway();

    it("serves tools' introspection query (graphql-js getIntrospectionQuery, ~230 selections)", async () => {
      expectServed(
        await limited.post({ query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true }) }),
      );
    });
  });

  describe('through the gateway with max_height: 3', () => {
    const limited = limitedGateway({ limits: { max_height: 3 } });

    it('serves an operation of 3 distinct fields', async () => {
      expectServed(await limited.post({ query: '{ me { id name nick: name } }' }));
    });

    it('refuses one of 4 with MAX_HEIGHT_EXCEEDED, 400, the height and the limit, and asks no subgraph', async () => {
      expectRefused(await limited.post({ query: '{ me { id name username } }' }), limited.graph, {
        status: 400,
        code: 'MAX_HEIGHT_EXCEEDED',
        values: { height: 4, maxHeight: 3 },
      });
    });
  });
});
