// Where the fields a rule over the parent object reads are found in the fetched object. A field the
// client itself selects on that object — the same field, no arguments, no @skip/@include on the way —
// is read under the client's key, so nothing is added to the operation and the gateway's objects keep
// only the client's keys (rules mostly read `id` or an owner's id, which clients usually select too).
// Any other field is fetched beside the guarded field under a reserved alias.
import { type FieldNode, type GraphQLObjectType, Kind } from 'graphql';
import type { FieldCheck, OperationAnalysis, Site } from './analyzeOperation.ts';
import { fragmentsOf } from './compileRule.ts';

export interface RuleParentField {
  /** The key the rule reads on its parent (the fragment's alias or field name). */
  readonly key: string;
  /** The key the value has in the fetched object. */
  readonly fetchedAs: string;
  /** The field to add to the operation (under its reserved alias); undefined when the client's own selection has it. */
  readonly added: FieldNode | undefined;
}

export function parentFieldAlias(prefix: string, responseKey: string): string {
  return `${prefix}${responseKey}`;
}

/**
 * Whether `sites` select field `name` under `key`, with no arguments, for every object of `runtimeType` whatever the
 * variables. A field site's runtime types are already narrowed by the type conditions around it.
 */
function selectsUnconditionally(sites: readonly Site[], runtimeType: GraphQLObjectType, name: string, key: string): boolean {
  for (const site of sites) {
    if (site.kind === 'fragment') {
      if (site.directives.length === 0 && selectsUnconditionally(site.children, runtimeType, name, key)) return true;
      continue;
    }
    // A guarded field may be denied and pruned; only an unguarded one is sure to be fetched.
    const plain = !site.node.arguments?.length && !site.node.directives?.length && site.checks.length === 0;
    if (plain && site.responseKey === key && site.name === name && site.runtimeTypes.includes(runtimeType)) return true;
  }
  return false;
}

const memo = new WeakMap<FieldCheck, Map<GraphQLObjectType, readonly RuleParentField[]>>();

/** The parent fields of a deferred check's rule on one runtime type (memoised: analyses are cached per operation). */
export function ruleParentFields(
  analysis: OperationAnalysis,
  check: FieldCheck,
  runtimeType: GraphQLObjectType,
): readonly RuleParentField[] {
  let byType = memo.get(check);
  if (!byType) {
    byType = new Map();
    memo.set(check, byType);
  }
  let fields = byType.get(runtimeType);
  if (fields) return fields;
  fields = fragmentsOf(check.rule).flatMap((fragment) =>
    fragment.selectionSet.selections.flatMap((selection): RuleParentField[] => {
      if (selection.kind !== Kind.FIELD) return [];
      const key = selection.alias?.value ?? selection.name.value;
      const leaf = !selection.selectionSet && !selection.arguments?.length && !selection.directives?.length;
      if (leaf && selectsUnconditionally(check.site.enclosing, runtimeType, selection.name.value, key)) {
        return [{ key, fetchedAs: key, added: undefined }];
      }
      const fetchedAs = parentFieldAlias(analysis.reservedPrefix, key);
      return [{ key, fetchedAs, added: { ...selection, alias: { kind: Kind.NAME, value: fetchedAs } } }];
    }),
  );
  byType.set(runtimeType, fields);
  return fields;
}
