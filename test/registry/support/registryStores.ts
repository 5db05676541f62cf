// The two stores every registry test runs against: embedded (PGlite, in memory) and PostgreSQL (a
// fresh database). One of each per test file, because opening PGlite takes seconds; tests stay apart
// by each using its own graph variant.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openRegistryStore, Registry, type RegistryCheckPolicy, type RegistryStore } from '../../../src/registry/index.ts';
import { createPostgresTestDatabase } from './postgresTestDatabase.ts';

export interface TestStore {
  store: RegistryStore;
  /** A registry on a graph variant no other test uses. */
  freshRegistry(policy?: Partial<RegistryCheckPolicy>): Promise<Registry>;
  close(): Promise<void>;
}

export interface StoreKind {
  name: string;
  open(): Promise<TestStore>;
}

function testStore(store: RegistryStore, cleanup: () => Promise<void> = async () => {}): TestStore {
  return {
    store,
    freshRegistry: (policy) =>
      Registry.open(store, { ref: { graph: `test-${randomBytes(6).toString('hex')}`, variant: 'current' }, ...(policy ? { policy } : {}) }),
    async close() {
      await store.close();
      await cleanup();
    },
  };
}

export const STORE_KINDS: readonly StoreKind[] = [
  { name: 'the embedded store (PGlite)', open: async () => testStore(await openRegistryStore({})) },
  {
    name: 'PostgreSQL',
    async open() {
      const database = await createPostgresTestDatabase();
      try {
        return testStore(await openRegistryStore({ databaseUrl: database.url }), () => database.drop());
      } catch (error) {
        await database.drop();
        throw error;
      }
    },
  },
];

/**
 * Opens one store of this kind for the surrounding describe block and closes it after; the returned
 * getter throws when read before the store is open.
 */
export function useTestStore(kind: StoreKind): () => TestStore {
  let opened: TestStore | undefined;
  // Opening PGlite compiles PostgreSQL's WebAssembly: seconds on a busy machine.
  beforeAll(async () => {
    opened = await kind.open();
  }, 90_000);
  afterAll(async () => {
    await opened?.close();
  });
  return () => {
    if (!opened) throw new Error(`the ${kind.name} store is not open yet (read it inside a test or hook)`);
    return opened;
  };
}
