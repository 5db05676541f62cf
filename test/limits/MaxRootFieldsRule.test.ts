import { describe, expect, it } from 'vitest';
import { measureRootFields } from '../../src/limits/MaxRootFieldsRule.ts';
import { expandedOf, expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

describe('MaxRootFieldsRule: fields at the root of the operation', () => {
  it('counts root fields, through fragments and inline fragments at the root, not the fields below them', () => {
    expect(measureRootFields(expandedOf('{ me { id name } users { id } }'))).toBe(2);
    expect(
      measureRootFields(expandedOf('{ me { id } ...Q ... { users { id } } } fragment Q on Query { topProducts { name } a: me { id } }')),
    ).toBe(4);
  });

  describe('through the gateway with max_root_fields: 2', () => {
    const limited = limitedGateway({ limits: { max_root_fields: 2 } });

    it('serves an operation with 2 root fields', async () => {
      expectServed(await limited.post({ query: '{ me { id } users { id } }' }));
    });

    it('refuses one with 3 with MAX_ROOT_FIELDS_EXCEEDED, 400, the count and the limit, and asks no subgraph', async () => {
      expectRefused(await limited.post({ query: '{ me { id } users { id } topProducts { name } }' }), limited.graph, {
        status: 400,
        code: 'MAX_ROOT_FIELDS_EXCEEDED',
        values: { rootFields: 3, maxRootFields: 2 },
      });
    });
  });
});
