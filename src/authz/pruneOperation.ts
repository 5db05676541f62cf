// Rewrites an operation for one set of decisions: denied fields are removed (only for the runtime
// types they are denied on), fields whose rules need the parent get the fields those rules read, and
// abstract positions get their __typename, all under a reserved alias. The result is a valid operation
// — a selection set that would be empty keeps `__typename` — with fragments inlined.
import { createHash } from 'node:crypto';
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type InlineFragmentNode,
  isAbstractType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import type { FieldCheck, FieldSite, OperationAnalysis, Site } from './analyzeOperation.ts';
import { ruleParentFields } from './ruleParentFields.ts';

export type CheckState = 'allow' | 'deny' | 'defer';

export interface PrunedOperation {
  /** Undefined when every root field was denied: there is nothing to execute. */
  readonly document: DocumentNode | undefined;
  readonly operation: OperationDefinitionNode | undefined;
  /** The plan-cache key of the rewritten operation: the original's hash and the decisions. */
  readonly queryHash: string;
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

function named(value: string) {
  return { kind: Kind.NAME, value } as const;
}

function onType(type: GraphQLCompositeType, selections: readonly SelectionNode[]): InlineFragmentNode {
  return {
    kind: Kind.INLINE_FRAGMENT,
    typeCondition: { kind: Kind.NAMED_TYPE, name: named(type.name) },
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
}

export function typenameAlias(prefix: string): string {
  return `${prefix}typename`;
}

export function pruneOperation(
  analysis: OperationAnalysis,
  states: readonly CheckState[],
  originalQueryHash: string,
  decisionKey: string,
): PrunedOperation {
  const prefix = analysis.reservedPrefix;
  const typenameField: FieldNode = { ...TYPENAME, alias: named(typenameAlias(prefix)) };

  /** The fields a deferred rule reads that the client does not select itself, fetched under reserved aliases beside the guarded field. */
  const parentFields = (check: FieldCheck): SelectionNode[] => {
    const selections: SelectionNode[] = [];
    for (const runtimeType of check.runtimeTypes) {
      const added = ruleParentFields(analysis, check, runtimeType).flatMap((field) => (field.added ? [field.added] : []));
      if (added.length > 0) selections.push(onType(runtimeType, added));
    }
    return selections;
  };

  const fieldSelections = (site: FieldSite): SelectionNode[] => {
    if (site.meta || site.checks.length === 0) return [withChildren(site)];
    const denied = new Set<GraphQLObjectType>();
    const added: SelectionNode[] = [];
    for (const check of site.checks) {
      const state = states[check.index];
      if (state === 'deny') for (const type of check.runtimeTypes) denied.add(type);
      else if (state === 'defer') added.push(...parentFields(check));
    }
    if (denied.size === 0) return [withChildren(site), ...added];
    const allowed = site.runtimeTypes.filter((type) => !denied.has(type));
    if (allowed.length === 0) return added;
    const field = withChildren(site);
    return [...allowed.map((type) => onType(type, [field])), ...added];
  };

  const withChildren = (site: FieldSite): FieldNode => {
    if (!site.children || !site.childType) return site.node;
    const selections = selectionsOf(site.children, site.childType);
    return { ...site.node, selectionSet: { kind: Kind.SELECTION_SET, selections: selections.length > 0 ? selections : [TYPENAME] } };
  };

  function selectionsOf(sites: readonly Site[], parentType: GraphQLCompositeType): SelectionNode[] {
    const selections: SelectionNode[] = [];
    for (const site of sites) {
      if (site.kind === 'field') {
        selections.push(...fieldSelections(site));
        continue;
      }
      const inner = selectionsOf(site.children, site.typeCondition ?? parentType);
      if (inner.length === 0) continue;
      selections.push({
        kind: Kind.INLINE_FRAGMENT,
        ...(site.typeCondition ? { typeCondition: { kind: Kind.NAMED_TYPE, name: named(site.typeCondition.name) } } : {}),
        directives: site.directives,
        selectionSet: { kind: Kind.SELECTION_SET, selections: inner },
      });
    }
    // The result is shaped per runtime type, so abstract positions must say which type each object is.
    if (isAbstractType(parentType) && selections.length > 0) selections.push(typenameField);
    return selections;
  }

  const queryHash = createHash('sha256').update(originalQueryHash).update('\0').update(decisionKey).digest('hex');
  const rootSelections = selectionsOf(analysis.sites, analysis.rootType);
  if (rootSelections.length === 0) return { document: undefined, operation: undefined, queryHash };
  const operation: OperationDefinitionNode = {
    ...analysis.operation,
    selectionSet: { kind: Kind.SELECTION_SET, selections: rootSelections },
  };
  return { document: { kind: Kind.DOCUMENT, definitions: [operation] }, operation, queryHash };
}
