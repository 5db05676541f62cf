// Once per distinct operation: every field it can select — through aliases, fragments, inline
// fragments on interfaces and unions, and @skip/@include — with the object types it can run on and
// the rule of each. Fragment spreads are expanded, so each field occurrence is checked where it is used.
import {
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { CompiledRule } from './compileRule.ts';
import { type OutputShape, outputShapeOf } from './outputShape.ts';
import type { RuleTable } from './ruleTable.ts';

/** One rule to evaluate for one field occurrence, on the runtime types that share that rule. */
export interface FieldCheck {
  /** Position in OperationAnalysis.checks (and in a request's decisions). */
  readonly index: number;
  readonly rule: CompiledRule;
  readonly runtimeTypes: readonly GraphQLObjectType[];
  readonly site: FieldSite;
}

export interface FieldSite {
  readonly kind: 'field';
  readonly node: FieldNode;
  readonly name: string;
  readonly responseKey: string;
  /** __typename, __schema, __type: never guarded. */
  readonly meta: boolean;
  /** The field's definition on the static parent type (undefined for meta fields). */
  readonly definition: GraphQLField<unknown, unknown> | undefined;
  /** The definition's type, unwrapped (undefined for meta fields). */
  readonly shape: OutputShape | undefined;
  /** The object types this occurrence can run on, given the enclosing type conditions. */
  readonly runtimeTypes: readonly GraphQLObjectType[];
  readonly checks: FieldCheck[];
  /** The named type of the field when it has a selection set. */
  readonly childType: GraphQLCompositeType | undefined;
  readonly children: readonly Site[] | undefined;
  /** The selection this field is in: its parent field's children (or the root's), fragments included. */
  readonly enclosing: readonly Site[];
  /** Response keys from the root (no list indices). */
  readonly path: readonly string[];
  readonly root: boolean;
}

export interface FragmentSite {
  readonly kind: 'fragment';
  readonly typeCondition: GraphQLCompositeType | undefined;
  readonly directives: readonly DirectiveNode[];
  readonly children: readonly Site[];
}

export type Site = FieldSite | FragmentSite;

export interface OperationAnalysis {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly rootType: GraphQLObjectType;
  readonly sites: readonly Site[];
  readonly checks: readonly FieldCheck[];
  /** A prefix no name in the document starts with, for the fields the gateway adds. */
  readonly reservedPrefix: string;
}

export function possibleObjectTypes(schema: GraphQLSchema, type: GraphQLCompositeType): readonly GraphQLObjectType[] {
  return isAbstractType(type) ? schema.getPossibleTypes(type) : [type];
}

function reservedPrefixFor(source: string): string {
  let prefix = '_gatehouse_';
  while (source.includes(prefix)) prefix = `_${prefix}`;
  return prefix;
}

function findOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

export function analyzeOperation(
  table: RuleTable,
  document: DocumentNode,
  operationName: string | null | undefined,
  source: string,
): OperationAnalysis | undefined {
  const schema = table.schema;
  const operation = findOperation(document, operationName);
  const rootType = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !rootType) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const checks: FieldCheck[] = [];

  const fieldSite = (
    node: FieldNode,
    parentType: GraphQLCompositeType,
    scope: readonly GraphQLObjectType[],
    path: readonly string[],
    root: boolean,
    enclosing: readonly Site[],
  ): FieldSite => {
    const name = node.name.value;
    const responseKey = node.alias?.value ?? name;
    const meta = name === '__typename' || (root && (name === '__schema' || name === '__type'));
    const definition = meta || !('getFields' in parentType) ? undefined : parentType.getFields()[name];
    const named = definition ? getNamedType(definition.type) : undefined;
    const childType = node.selectionSet && named && isCompositeType(named) ? named : undefined;
    const site: FieldSite = {
      kind: 'field',
      node,
      name,
      responseKey,
      meta,
      definition,
      shape: definition ? outputShapeOf(definition.type) : undefined,
      runtimeTypes: scope,
      checks: [],
      childType,
      children:
        childType && node.selectionSet
          ? sitesOf(node.selectionSet, childType, possibleObjectTypes(schema, childType), [...path, responseKey], false)
          : undefined,
      enclosing,
      path: [...path, responseKey],
      root,
    };
    if (meta || !definition) return site;
    // One check per distinct rule among the runtime types (an interface's implementations may differ).
    const byRule = new Map<CompiledRule, GraphQLObjectType[]>();
    for (const runtimeType of scope) {
      const rule = table.ruleFor(runtimeType, name);
      const types = byRule.get(rule);
      if (types) types.push(runtimeType);
      else byRule.set(rule, [runtimeType]);
    }
    for (const [rule, runtimeTypes] of byRule) {
      if (rule.kind === 'allow') continue;
      const check: FieldCheck = { index: checks.length, rule, runtimeTypes, site };
      checks.push(check);
      site.checks.push(check);
    }
    return site;
  };

  const fragmentSite = (
    typeConditionName: string | undefined,
    directives: readonly DirectiveNode[] | undefined,
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    scope: readonly GraphQLObjectType[],
    path: readonly string[],
    root: boolean,
    enclosing: readonly Site[],
  ): FragmentSite => {
    const named = typeConditionName === undefined ? undefined : schema.getType(typeConditionName);
    const typeCondition = named && isCompositeType(named) ? named : undefined;
    const narrowed = typeCondition
      ? scope.filter(
          (runtimeType) => runtimeType === typeCondition || (isAbstractType(typeCondition) && schema.isSubType(typeCondition, runtimeType)),
        )
      : scope;
    return {
      kind: 'fragment',
      typeCondition,
      directives: directives ?? [],
      children: sitesOf(selectionSet, typeCondition ?? parentType, narrowed, path, root, enclosing),
    };
  };

  function sitesOf(
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    scope: readonly GraphQLObjectType[],
    path: readonly string[],
    root: boolean,
    /** The field's whole selection, when these sites are a fragment's part of it. */
    enclosing?: readonly Site[],
  ): Site[] {
    const sites: Site[] = [];
    const whole = enclosing ?? sites;
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          sites.push(fieldSite(selection, parentType, scope, path, root, whole));
          break;
        case Kind.INLINE_FRAGMENT:
          sites.push(
            fragmentSite(
              selection.typeCondition?.name.value,
              selection.directives,
              selection.selectionSet,
              parentType,
              scope,
              path,
              root,
              whole,
            ),
          );
          break;
        case Kind.FRAGMENT_SPREAD: {
          const fragment = fragments[selection.name.value];
          if (!fragment) break;
          sites.push(
            fragmentSite(
              fragment.typeCondition.name.value,
              selection.directives,
              fragment.selectionSet,
              parentType,
              scope,
              path,
              root,
              whole,
            ),
          );
          break;
        }
      }
    }
    return sites;
  }

  const sites = sitesOf(operation.selectionSet, rootType, [rootType], [], true);
  return { schema, document, operation, fragments, rootType, sites, checks, reservedPrefix: reservedPrefixFor(source) };
}
