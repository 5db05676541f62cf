// Directives: every directive use in the operation as executed — on the operation, its variables, its
// selections, and on fragment definitions each time they are spread.
import type { ExpandedOperation } from './expandOperation.ts';
import { maxDirectivesExceeded } from './limitErrors.ts';
import type { LimitRule } from './limitRule.ts';
import { sumExpandedSelections } from './sumExpandedSelections.ts';

export function measureDirectives(expanded: ExpandedOperation): number {
  const { operation } = expanded;
  let onOperation = operation.directives?.length ?? 0;
  for (const variable of operation.variableDefinitions ?? []) onOperation += variable.directives?.length ?? 0;
  return onOperation + sumExpandedSelections(expanded, { weigh: (node) => node.directives?.length ?? 0 });
}

export const MaxDirectivesRule: LimitRule = {
  limit: 'max_directives',
  measured: 'directives',
  maximum: 'maxDirectives',
  error: maxDirectivesExceeded,
  describe: (value, max) => `The operation uses ${value} directives; the limit is ${max}.`,
};
