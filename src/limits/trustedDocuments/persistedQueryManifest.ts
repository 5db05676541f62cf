// A safelist's manifest, in either format clients' build tools write: Apollo's persisted-query manifest
// (`generate-persisted-query-manifest`) or a plain `{ "<id>": "<document>" }` map (Relay, GraphQL Code
// Generator). Parsed once, at the edge; ids and full texts are both indexed.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const apolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string().min(1), body: z.string().min(1), name: z.string().optional() })),
});
const documentMap = z.record(z.string().min(1), z.string().min(1));

export interface PersistedQueryManifest {
  /** The document an id names. */
  readonly byId: ReadonlyMap<string, string>;
  /** Every listed document's text. */
  readonly documents: ReadonlySet<string>;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

export function parsePersistedQueryManifest(json: unknown, source: string): PersistedQueryManifest {
  const apollo = apolloManifest.safeParse(json);
  const entries = apollo.success
    ? apollo.data.operations.map((operation) => [operation.id, operation.body] as const)
    : Object.entries(
        documentMap.parse(json, { error: () => `${source}: expected an Apollo persisted-query manifest or { "<id>": "<document>" }` }),
      );
  const byId = new Map(entries);
  return { byId, documents: new Set(byId.values()) };
}

export async function readPersistedQueryManifest(path: string): Promise<PersistedQueryManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ManifestError(`cannot read the persisted-query manifest ${path}: ${(error as Error).message}`);
  }
  try {
    return parsePersistedQueryManifest(json, path);
  } catch (error) {
    throw new ManifestError(error instanceof z.ZodError ? (error.issues[0]?.message ?? 'invalid manifest') : (error as Error).message);
  }
}
