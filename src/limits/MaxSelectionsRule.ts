// Selections once fragments are expanded: what any walk over the operation as executed must visit.
// It bounds the walks that expand fragments themselves (graphql-depth-limit, the height count), so a
// fragment fan-out bomb is refused by arithmetic, before any of them runs.
import { Kind } from 'graphql';
import type { ExpandedOperation } from './expandOperation.ts';
import { maxSelectionsExceeded } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';
import { sumExpandedSelections } from './sumExpandedSelections.ts';

export function measureSelections(expanded: ExpandedOperation): number {
  return sumExpandedSelections(expanded, { weigh: (node) => (node.kind === Kind.FRAGMENT_DEFINITION ? 0 : 1) });
}

export const MaxSelectionsRule: LimitRule = {
  limit: 'max_selections',
  measured: 'selections',
  maximum: 'maxSelections',
  error: maxSelectionsExceeded,
  describe: (value, max) => `The operation has ${value} selections once fragments are expanded; the limit is ${max}.`,
};
