// Root fields: the fields selected at the top of the operation (through fragments and inline
// fragments at that level); each is a separate entry point a subgraph must resolve.
import { Kind } from 'graphql';
import type { ExpandedOperation } from './expandOperation.ts';
import { maxRootFieldsExceeded } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';
import { sumExpandedSelections } from './sumExpandedSelections.ts';

export function measureRootFields(expanded: ExpandedOperation): number {
  return sumExpandedSelections(expanded, { weigh: (node) => (node.kind === Kind.FIELD ? 1 : 0), intoFields: false });
}

export const MaxRootFieldsRule: LimitRule = {
  limit: 'max_root_fields',
  measured: 'rootFields',
  maximum: 'maxRootFields',
  error: maxRootFieldsExceeded,
  describe: (value, max) => `The operation selects ${value} root fields; the limit is ${max}.`,
};
