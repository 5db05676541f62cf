// After execution: the response the client asked for. Walks the gateway's data along the original
// operation, puts null and an error where a field was denied (before planning or over the fetched
// parent), propagates nulls of non-null fields to the nearest nullable parent as GraphQL execution
// would, and leaves out every field the gateway added for its own use. Keys come in selection order.
import type { GraphQLError, GraphQLObjectType } from 'graphql';
import type { FieldCheck, FieldSite, Site } from './analyzeOperation.ts';
import type { CollectedField, CollectedFields, FieldCollector } from './collectFields.ts';
import type { Denial } from './evaluateRule.ts';
import type { OutputShape } from './outputShape.ts';
import type { CheckState } from './pruneOperation.ts';
import type { ResponsePath } from './responsePath.ts';

export interface ShapeInput {
  readonly states: readonly CheckState[];
  /** The denial of each check denied before planning. */
  readonly denials: readonly (Denial | undefined)[];
  /** The outcome of each rule evaluated over a fetched parent object: by check, then by parent. */
  readonly deferred: ReadonlyMap<FieldCheck, ReadonlyMap<object, true | Denial>>;
  readonly collector: FieldCollector;
  deniedError(check: FieldCheck, denial: Denial, path: ResponsePath): GraphQLError;
}

/** A new object with the first `count` fields' values of `object`, in selection order. */
function copyFirst(fields: CollectedFields, count: number, object: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (let index = 0; index < count; index++) {
    const { key } = fields[index] as CollectedField;
    copy[key] = object[key];
  }
  return copy;
}

/** A rule over a parent that was never evaluated (the object was missing) denies: fail closed. */
const UNEVALUATED: Denial = Object.freeze({ error: undefined });

export function shapeResult(
  input: ShapeInput,
  sites: readonly Site[],
  rootType: GraphQLObjectType,
  data: Record<string, unknown>,
): { data: Record<string, unknown> | null; errors: GraphQLError[] } {
  const errors: GraphQLError[] = [];
  const { collector, states } = input;

  const denialFor = (
    fieldSites: readonly FieldSite[],
    runtimeType: GraphQLObjectType,
    parent: object,
  ): [FieldCheck, Denial] | undefined => {
    for (const site of fieldSites) {
      for (const check of site.checks) {
        if (!check.runtimeTypes.includes(runtimeType)) continue;
        const state = states[check.index];
        if (state === 'deny') return [check, input.denials[check.index] ?? UNEVALUATED];
        if (state === 'defer') {
          const outcome = input.deferred.get(check)?.get(parent) ?? UNEVALUATED;
          if (outcome !== true) return [check, outcome];
        }
      }
    }
    return undefined;
  };

  const completeValue = (shape: OutputShape, fieldSites: readonly FieldSite[], value: unknown, path: ResponsePath): unknown => {
    if (value === null || value === undefined) return null;
    if (shape.kind === 'list') {
      if (!Array.isArray(value)) return null;
      // Like objects, the gateway's list is kept unless an item changes.
      let items: unknown[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const item = completeValue(shape.item, fieldSites, value[index], { prev: path, key: index, typename: undefined });
        if (item === null && shape.item.nonNull) return null;
        if (items === undefined && item !== value[index]) items = value.slice(0, index);
        if (items !== undefined) items[index] = item;
      }
      return items ?? value;
    }
    if (shape.kind === 'leaf' || typeof value !== 'object') return value;
    const runtimeType = collector.runtimeTypeOf(shape, value as Record<string, unknown>);
    if (!runtimeType) return null;
    return completeObject(collector.childrenOf(fieldSites), runtimeType, value as Record<string, unknown>, path);
  };

  const completeObject = (
    children: readonly Site[],
    runtimeType: GraphQLObjectType,
    object: Record<string, unknown>,
    path: ResponsePath | undefined,
  ): Record<string, unknown> | null => {
    const fields = collector.collect(children, runtimeType);
    // The gateway's object is kept as it is when shaping changes nothing in it (the common case): a copy is
    // made only from the first field that differs (a denial, a null, a shaped child).
    let result: Record<string, unknown> | undefined;
    let position = 0;
    for (const { key, sites: fieldSites } of fields) {
      const first = fieldSites[0] as FieldSite;
      let value: unknown;
      if (first.name === '__typename') value = runtimeType.name;
      else if (first.meta || !first.shape) value = object[key] ?? null;
      else {
        const denied = denialFor(fieldSites, runtimeType, object);
        value = null;
        // The path is built only where it is used: most fields are allowed leaves.
        if (denied) errors.push(input.deniedError(denied[0], denied[1], { prev: path, key, typename: runtimeType.name }));
        else if (first.shape.kind === 'leaf') value = object[key] ?? null;
        else value = completeValue(first.shape, fieldSites, object[key], { prev: path, key, typename: runtimeType.name });
        // A null in a non-null field nulls this whole object (the caller decides whether that propagates further).
        if (value === null && first.shape.nonNull) return null;
      }
      if (result === undefined && value !== object[key]) result = copyFirst(fields, position, object);
      if (result !== undefined) result[key] = value;
      position++;
    }
    if (result !== undefined) return result;
    // Same values: the same object, unless it carries keys the client did not ask for (fetched for the gateway's own use).
    let keys = 0;
    for (const _ in object) keys++;
    return keys === position ? object : copyFirst(fields, position, object);
  };

  return { data: completeObject(sites, rootType, data, undefined), errors };
}
