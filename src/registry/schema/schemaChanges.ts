// Schema changes between two versions, classified by @graphql-inspector/core as breaking, dangerous
// or safe, with the schema coordinate whose usage decides whether a breaking change hurts anyone.
import { type Change, ChangeType, CriticalityLevel, diff } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';

export type ChangeSeverity = 'breaking' | 'dangerous' | 'safe';

export interface SchemaChange {
  /** inspector's change type, e.g. FIELD_REMOVED. */
  code: string;
  severity: ChangeSeverity;
  message: string;
  /** The element changed, e.g. `User.email` or `Query.user.id`. */
  path: string | null;
  /** The coordinate clients must use for this change to affect them; null when none is known. */
  usageCoordinate: string | null;
}

const SEVERITY: Record<CriticalityLevel, ChangeSeverity> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

/** Adding something required hurts those who use its parent (the field, the input type), not the new element. */
const AFFECTS_PARENT: ReadonlySet<string> = new Set([ChangeType.FieldArgumentAdded, ChangeType.InputFieldAdded]);

function usageCoordinateOf(change: Change): string | null {
  if (!change.path) return null;
  if (!AFFECTS_PARENT.has(change.type)) return change.path;
  const lastDot = change.path.lastIndexOf('.');
  return lastDot === -1 ? change.path : change.path.slice(0, lastDot);
}

export async function schemaChanges(before: GraphQLSchema | null, after: GraphQLSchema): Promise<SchemaChange[]> {
  const changes = await diff(before, after);
  return changes.map((change) => ({
    code: change.type,
    severity: SEVERITY[change.criticality.level],
    message: change.message,
    path: change.path ?? null,
    usageCoordinate: usageCoordinateOf(change),
  }));
}
