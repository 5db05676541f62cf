// graphql-js's CollectFields over an analysed operation: the fields an object of one runtime type
// gets, grouped by response key in selection order, honouring @skip/@include and type conditions.
// Memoised per request (the variables decide @skip/@include).
import {
  type DirectiveNode,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getDirectiveValues,
  isAbstractType,
  isObjectType,
} from 'graphql';
import type { FieldSite, Site } from './analyzeOperation.ts';
import type { OutputShape } from './outputShape.ts';

export function isIncluded(directives: readonly DirectiveNode[] | undefined, variables: Record<string, unknown>): boolean {
  if (!directives || directives.length === 0) return true;
  if (getDirectiveValues(GraphQLSkipDirective, { directives }, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, { directives }, variables)?.if !== false;
}

/** The fields sharing one response key. */
export interface CollectedField {
  readonly key: string;
  readonly sites: readonly FieldSite[];
}

/** An array, not a Map: iterating a Map's entries allocates an array per entry, per object of the result. */
export type CollectedFields = readonly CollectedField[];

export class FieldCollector {
  readonly #memo = new Map<readonly Site[], Map<GraphQLObjectType, CollectedFields>>();
  readonly #children = new WeakMap<readonly FieldSite[], readonly Site[]>();

  constructor(
    readonly schema: GraphQLSchema,
    readonly variables: Record<string, unknown>,
    /** The response key under which abstract positions carry their __typename. */
    readonly typenameKey: string,
  ) {}

  /** The object type of a value at a position of this (possibly abstract) type. */
  runtimeTypeOf(shape: Extract<OutputShape, { kind: 'composite' }>, value: Record<string, unknown>): GraphQLObjectType | undefined {
    if (!shape.abstract) return shape.type as GraphQLObjectType;
    const name = value[this.typenameKey] ?? value.__typename;
    const runtimeType = typeof name === 'string' ? this.schema.getType(name) : undefined;
    return isObjectType(runtimeType) ? runtimeType : undefined;
  }

  collect(sites: readonly Site[], runtimeType: GraphQLObjectType): CollectedFields {
    let byType = this.#memo.get(sites);
    if (!byType) {
      byType = new Map();
      this.#memo.set(sites, byType);
    }
    let fields = byType.get(runtimeType);
    if (!fields) {
      const grouped = new Map<string, FieldSite[]>();
      this.#collectInto(sites, runtimeType, grouped);
      fields = Array.from(grouped, ([key, sites]) => ({ key, sites }));
      byType.set(runtimeType, fields);
    }
    return fields;
  }

  /** The merged sub-selections of the fields sharing one response key. */
  childrenOf(fieldSites: readonly FieldSite[]): readonly Site[] {
    if (fieldSites.length === 1) return fieldSites[0]?.children ?? [];
    let children = this.#children.get(fieldSites);
    if (!children) {
      children = fieldSites.flatMap((site) => site.children ?? []);
      this.#children.set(fieldSites, children);
    }
    return children;
  }

  #collectInto(sites: readonly Site[], runtimeType: GraphQLObjectType, grouped: Map<string, FieldSite[]>) {
    for (const site of sites) {
      if (site.kind === 'field') {
        if (!isIncluded(site.node.directives, this.variables)) continue;
        const group = grouped.get(site.responseKey);
        if (group) group.push(site);
        else grouped.set(site.responseKey, [site]);
        continue;
      }
      if (!isIncluded(site.directives, this.variables)) continue;
      const condition = site.typeCondition;
      if (condition && condition !== runtimeType && !(isAbstractType(condition) && this.schema.isSubType(condition, runtimeType))) continue;
      this.#collectInto(site.children, runtimeType, grouped);
    }
  }
}
