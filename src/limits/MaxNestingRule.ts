// Nesting bounds every recursive walk of a document: graphql-js parses recursively, and so do
// graphql-depth-limit and GraphQL validation. Measured twice: brackets before parsing (`scanDocument`),
// then selections through fragment spreads after, since a chain of fragments nests without brackets.
import { Kind, type SelectionSetNode } from 'graphql';
import type { ExpandedOperation } from './expandOperation.ts';
import { maxNestingExceeded } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';

/** Deepest nesting of selections, each field with selections, inline fragment and fragment spread a level. */
export function measureSelectionNesting(expanded: ExpandedOperation): number {
  const fragmentNesting = new Map<string, number>();
  const nestingOf = (selectionSet: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      let below = 0;
      if (selection.kind === Kind.FRAGMENT_SPREAD) below = fragmentNesting.get(selection.name.value) ?? 0;
      else if (selection.selectionSet) below = nestingOf(selection.selectionSet);
      deepest = Math.max(deepest, 1 + below);
    }
    return deepest;
  };
  for (const fragment of expanded.order) fragmentNesting.set(fragment.name.value, nestingOf(fragment.selectionSet));
  return nestingOf(expanded.operation.selectionSet);
}

export const MaxNestingRule: LimitRule = {
  limit: 'max_nesting',
  measured: 'nesting',
  maximum: 'maxNesting',
  error: maxNestingExceeded,
  describe: (value, max) => `The document nests ${value} levels deep; the limit is ${max}.`,
};
