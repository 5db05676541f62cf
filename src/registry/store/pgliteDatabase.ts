// The embedded store: PostgreSQL compiled to WebAssembly (PGlite), persisted to a data directory, no
// server to run. PGlite is a single connection: its queries and transactions queue behind one another,
// so transactions never interleave (the advisory lock the SQL takes is then uncontended).
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlDatabase, SqlExecutor } from './sqlDatabase.ts';

function executorOf(connection: PGlite | Transaction): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await connection.query<Row>(text, [...params]);
      return result.rows;
    },
  };
}

/** Opens (creating it if needed) the database in `dataDir`; without one, an in-memory database. */
export async function openPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  const directory = dataDir === undefined ? undefined : resolve(dataDir);
  if (directory) await mkdir(directory, { recursive: true });
  const db = await PGlite.create(directory);
  const transactions = new WeakMap<SqlExecutor, Transaction>();
  return {
    description: directory ? `embedded PostgreSQL (PGlite) in ${directory}` : 'embedded PostgreSQL (PGlite) in memory',
    ...executorOf(db),
    transaction(work) {
      return db.transaction(async (tx) => {
        const executor = executorOf(tx);
        transactions.set(executor, tx);
        return work(executor);
      });
    },
    async exec(script, tx) {
      const inTransaction = tx === undefined ? undefined : transactions.get(tx);
      await (inTransaction ?? db).exec(script);
    },
    close: () => db.close(),
  };
}
