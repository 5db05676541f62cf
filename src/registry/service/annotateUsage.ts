// Usage-aware checks: a breaking change is weighed by the recorded operations that use what it breaks.
import type { SchemaChange } from '../schema/schemaChanges.ts';
import type { CoordinateUse } from '../store/registryStore.ts';
import type { ChangeUsage, CheckedChange } from './registryTypes.ts';

function summarise(uses: readonly CoordinateUse[]): ChangeUsage {
  const operations = new Set<string>();
  const clients = new Map<string, { name: string; version: string }>();
  const operationNames = new Set<string>();
  let requests = 0;
  for (const use of uses) {
    operations.add(use.operationHash);
    clients.set(`${use.clientName}\u0000${use.clientVersion}`, { name: use.clientName, version: use.clientVersion });
    if (use.operationName) operationNames.add(use.operationName);
    requests += use.requests;
  }
  return { operations: operations.size, requests, clients: [...clients.values()], operationNames: [...operationNames].sort() };
}

function describeClient(client: { name: string; version: string }): string {
  const name = client.name || 'unnamed client';
  return client.version ? `${name}@${client.version}` : name;
}

function impactOf(usage: ChangeUsage, windowDays: number): string {
  const window = `in the last ${windowDays} day${windowDays === 1 ? '' : 's'}`;
  if (usage.operations === 0) return `breaking, but unused by any client ${window}`;
  const operations = `${usage.operations} operation${usage.operations === 1 ? '' : 's'}`;
  return `breaking and used by ${operations} (${usage.requests} requests) from ${usage.clients.map(describeClient).join(', ')} ${window}`;
}

/** Adds, to every breaking change, who used its coordinate; other changes pass through. */
export function annotateUsage(changes: readonly SchemaChange[], uses: readonly CoordinateUse[], windowDays: number): CheckedChange[] {
  const byCoordinate = new Map<string, CoordinateUse[]>();
  for (const use of uses) byCoordinate.set(use.coordinate, [...(byCoordinate.get(use.coordinate) ?? []), use]);
  return changes.map(({ usageCoordinate, ...change }) => {
    if (change.severity !== 'breaking' || usageCoordinate === null) return change;
    const usage = summarise(byCoordinate.get(usageCoordinate) ?? []);
    return { ...change, usage, impact: impactOf(usage, windowDays) };
  });
}

/** The coordinates whose usage the breaking changes need. */
export function breakingCoordinates(changes: readonly SchemaChange[]): string[] {
  const coordinates = changes.flatMap((change) =>
    change.severity === 'breaking' && change.usageCoordinate ? [change.usageCoordinate] : [],
  );
  return [...new Set(coordinates)];
}
