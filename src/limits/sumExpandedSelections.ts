// Sums a per-node weight over an operation as executed — every fragment spread replaced by the
// fragment — computing each fragment's sum once, in dependency order. The result may be astronomically
// large (a fan-out bomb), which is exactly what a limit needs to see.
import { type FragmentDefinitionNode, Kind, type SelectionNode, type SelectionSetNode } from 'graphql';
import type { ExpandedOperation } from './expandOperation.ts';

export interface SumOptions {
  /** Weight of one node itself (a selection, or a fragment definition each time it is spread). */
  weigh(node: SelectionNode | FragmentDefinitionNode): number;
  /** false: stay at the root level (inline fragments and spreads are entered, fields' selections are not). */
  intoFields?: boolean;
}

export function sumExpandedSelections(expanded: ExpandedOperation, options: SumOptions): number {
  const intoFields = options.intoFields ?? true;
  const fragmentSums = new Map<string, number>();
  const sumOf = (selectionSet: SelectionSetNode): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      total += options.weigh(selection);
      if (selection.kind === Kind.FRAGMENT_SPREAD) total += fragmentSums.get(selection.name.value) ?? 0;
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += sumOf(selection.selectionSet);
      else if (intoFields && selection.selectionSet) total += sumOf(selection.selectionSet);
    }
    return total;
  };
  for (const fragment of expanded.order) {
    fragmentSums.set(fragment.name.value, options.weigh(fragment) + sumOf(fragment.selectionSet));
  }
  return sumOf(expanded.operation.selectionSet);
}
