// An operation with the fragments it uses, ordered so each fragment comes after the fragments it spreads.
// Every measure folds over this order, computing each fragment once: a fan-out of fragments
// (`...F1 ...F1` in F0, `...F2 ...F2` in F1, …) costs the size of the document, not of its expansion.
// Unknown fragments and fragment cycles are left to GraphQL validation, which reports them.
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface ExpandedOperation {
  readonly operation: OperationDefinitionNode;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** The fragments the operation uses, each after every fragment it spreads. */
  readonly order: readonly FragmentDefinitionNode[];
}

export interface FragmentProblem {
  readonly problem: 'unknown fragment' | 'fragment cycle';
  readonly fragment: string;
}

/** Names of the fragments a selection set spreads, directly or in inline fragments and fields. */
function spreadNames(selectionSet: SelectionSetNode, into: string[] = []): string[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) into.push(selection.name.value);
    else if (selection.selectionSet) spreadNames(selection.selectionSet, into);
  }
  return into;
}

export function expandOperation(document: DocumentNode, operation: OperationDefinitionNode): ExpandedOperation | FragmentProblem {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Depth-first with an explicit stack: a chain of fragments spreading each other is as long as the document allows.
  const state = new Map<string, 'visiting' | 'done'>();
  const order: FragmentDefinitionNode[] = [];
  const stack: { fragment: FragmentDefinitionNode; spreads: string[]; next: number }[] = [];
  for (const root of spreadNames(operation.selectionSet)) {
    if (state.get(root) === 'done') continue;
    const rootFragment = fragments.get(root);
    if (!rootFragment) return { problem: 'unknown fragment', fragment: root };
    state.set(root, 'visiting');
    stack.push({ fragment: rootFragment, spreads: spreadNames(rootFragment.selectionSet), next: 0 });
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as (typeof stack)[number];
      const name = frame.spreads[frame.next];
      if (name === undefined) {
        stack.pop();
        state.set(frame.fragment.name.value, 'done');
        order.push(frame.fragment);
        continue;
      }
      frame.next += 1;
      const seen = state.get(name);
      if (seen === 'done') continue;
      if (seen === 'visiting') return { problem: 'fragment cycle', fragment: name };
      const fragment = fragments.get(name);
      if (!fragment) return { problem: 'unknown fragment', fragment: name };
      state.set(name, 'visiting');
      stack.push({ fragment, spreads: spreadNames(fragment.selectionSet), next: 0 });
    }
  }
  return { operation, fragments, order };
}

export function isFragmentProblem(value: ExpandedOperation | FragmentProblem): value is FragmentProblem {
  return 'problem' in value;
}
