// Aliases: every aliased field of the operation as executed (an aliased field in a fragment spread
// twice counts twice). Alias explosions (`a1: f a2: f …`) are what makes GraphQL validation quadratic,
// so they are refused before it runs.
import { Kind } from 'graphql';
import type { ExpandedOperation } from './expandOperation.ts';
import { maxAliasesExceeded } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';
import { sumExpandedSelections } from './sumExpandedSelections.ts';

export function measureAliases(expanded: ExpandedOperation): number {
  return sumExpandedSelections(expanded, { weigh: (node) => (node.kind === Kind.FIELD && node.alias ? 1 : 0) });
}

export const MaxAliasesRule: LimitRule = {
  limit: 'max_aliases',
  measured: 'aliases',
  maximum: 'maxAliases',
  error: maxAliasesExceeded,
  describe: (value, max) => `The operation has ${value} aliases; the limit is ${max}.`,
};
