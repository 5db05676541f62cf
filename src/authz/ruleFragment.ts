// A rule's `fragment` (graphql-shield's option naming the parent fields a rule reads), parsed once:
// `fragment X on User { id }`, `... on User { id }` or `{ id }`.
import { Kind, parse, type SelectionSetNode } from 'graphql';
import { RuleTreeError } from './ruleTreeError.ts';

export interface RuleFragment {
  /** The type the fragment is written on, when it names one. */
  readonly typeCondition: string | undefined;
  readonly selectionSet: SelectionSetNode;
}

export function parseRuleFragment(source: string, ruleName: string): RuleFragment {
  const text = source.trim();
  try {
    if (text.startsWith('fragment')) {
      const definition = parse(text, { noLocation: true }).definitions[0];
      if (definition?.kind === Kind.FRAGMENT_DEFINITION) {
        return { typeCondition: definition.typeCondition.name.value, selectionSet: definition.selectionSet };
      }
    } else {
      const operation = parse(text.startsWith('{') ? text : `{ ${text} }`, { noLocation: true }).definitions[0];
      if (operation?.kind === Kind.OPERATION_DEFINITION) {
        const only = operation.selectionSet.selections[0];
        if (operation.selectionSet.selections.length === 1 && only?.kind === Kind.INLINE_FRAGMENT) {
          return { typeCondition: only.typeCondition?.name.value, selectionSet: only.selectionSet };
        }
        return { typeCondition: undefined, selectionSet: operation.selectionSet };
      }
    }
  } catch (error) {
    throw new RuleTreeError(`rule "${ruleName}": its fragment is not valid GraphQL: ${(error as Error).message}`);
  }
  throw new RuleTreeError(`rule "${ruleName}": its fragment must look like "fragment X on Type { field }" or "{ field }"`);
}
