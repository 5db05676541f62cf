// Height: how many distinct fields an operation selects, fragments included. A field is identified by
// the path of field names that leads to it, so aliases of one field (`a: name b: name`) count once
// and the same field under two parents counts twice. Introspection (`__schema`, `__type`, `__typename`
// and what they select) does not count, as for depth: tools' introspection queries select ~220 fields.
// The walk expands fragments, so it runs only on operations the selections limit already bounded.
import { Kind, type SelectionSetNode } from 'graphql';
import type { ExpandedOperation } from './expandOperation.ts';
import { maxHeightExceeded } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';

interface FieldTrie {
  readonly children: Map<string, FieldTrie>;
}

export function measureHeight(expanded: ExpandedOperation): number {
  let height = 0;
  const walk = (selectionSet: SelectionSetNode, trie: FieldTrie) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        let child = trie.children.get(selection.name.value);
        if (!child) {
          child = { children: new Map() };
          trie.children.set(selection.name.value, child);
          height += 1;
        }
        if (selection.selectionSet) walk(selection.selectionSet, child);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, trie);
      } else {
        const fragment = expanded.fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet, trie);
      }
    }
  };
  walk(expanded.operation.selectionSet, { children: new Map() });
  return height;
}

export const MaxHeightRule: LimitRule = {
  limit: 'max_height',
  measured: 'height',
  maximum: 'maxHeight',
  error: maxHeightExceeded,
  describe: (value, max) => `The operation selects ${value} distinct fields; the limit is ${max}.`,
};
