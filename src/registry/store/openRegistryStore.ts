// Picks the store: PostgreSQL when a database URL is given, else the embedded one in a data directory.
// Each driver is imported only when chosen, so gateways that import the registry's surface load neither.
import type { RegistryStore } from './registryStore.ts';
import { SqlRegistryStore } from './sqlRegistryStore.ts';

export interface RegistryStoreOptions {
  /** `postgres://…`: the PostgreSQL store. */
  databaseUrl?: string | undefined;
  /** The embedded store's directory; without it (and without a URL), an in-memory database. */
  dataDir?: string | undefined;
}

export async function openRegistryStore(options: RegistryStoreOptions): Promise<RegistryStore> {
  const db = options.databaseUrl
    ? await (await import('./postgresDatabase.ts')).openPostgresDatabase(options.databaseUrl)
    : await (await import('./pgliteDatabase.ts')).openPgliteDatabase(options.dataDir);
  try {
    return await SqlRegistryStore.open(db);
  } catch (error) {
    await db.close();
    throw error;
  }
}
