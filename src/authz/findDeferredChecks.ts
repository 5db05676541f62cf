// After execution: every (object, check) whose rule needs the parent object, found by walking the
// result along the operation, so those rules can be evaluated over the fetched objects.
import type { GraphQLObjectType } from 'graphql';
import type { FieldCheck, Site } from './analyzeOperation.ts';
import type { FieldCollector } from './collectFields.ts';
import type { OutputShape } from './outputShape.ts';
import type { CheckState } from './pruneOperation.ts';
import type { ResponsePath } from './responsePath.ts';

export interface DeferredCheck {
  readonly check: FieldCheck;
  readonly parent: Record<string, unknown>;
  readonly runtimeType: GraphQLObjectType;
  readonly path: ResponsePath;
}

export function findDeferredChecks(
  sites: readonly Site[],
  rootType: GraphQLObjectType,
  data: Record<string, unknown>,
  states: readonly CheckState[],
  collector: FieldCollector,
): DeferredCheck[] {
  const found: DeferredCheck[] = [];

  const visitValue = (shape: OutputShape, children: readonly Site[], value: unknown, path: ResponsePath) => {
    if (value === null || value === undefined) return;
    if (shape.kind === 'list') {
      if (!Array.isArray(value)) return;
      for (let index = 0; index < value.length; index++) {
        visitValue(shape.item, children, value[index], { prev: path, key: index, typename: undefined });
      }
      return;
    }
    if (shape.kind !== 'composite' || typeof value !== 'object') return;
    const runtimeType = collector.runtimeTypeOf(shape, value as Record<string, unknown>);
    if (runtimeType) visitObject(children, runtimeType, value as Record<string, unknown>, path);
  };

  const visitObject = (
    children: readonly Site[],
    runtimeType: GraphQLObjectType,
    object: Record<string, unknown>,
    path: ResponsePath | undefined,
  ) => {
    for (const { key, sites: fieldSites } of collector.collect(children, runtimeType)) {
      // The path is built only where it is used (a deferred check, or a value to descend into): most fields are leaves.
      let fieldPath: ResponsePath | undefined;
      for (const site of fieldSites) {
        for (const check of site.checks) {
          if (states[check.index] === 'defer' && check.runtimeTypes.includes(runtimeType)) {
            fieldPath ??= { prev: path, key, typename: runtimeType.name };
            found.push({ check, parent: object, runtimeType, path: fieldPath });
          }
        }
      }
      const shape = fieldSites[0]?.shape;
      const value = object[key];
      if (shape && shape.kind !== 'leaf' && value !== null && value !== undefined) {
        visitValue(shape, collector.childrenOf(fieldSites), value, fieldPath ?? { prev: path, key, typename: runtimeType.name });
      }
    }
  };

  visitObject(sites, rootType, data, undefined);
  return found;
}
