// The production store: a PostgreSQL server (`DATABASE_URL`), shared by several registry instances.
// Each transaction holds one pooled connection from BEGIN to COMMIT.
import pg from 'pg';
import type { SqlDatabase, SqlExecutor } from './sqlDatabase.ts';

export interface PostgresDatabaseOptions {
  /** Most connections the pool opens. */
  maxConnections?: number;
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL ${parsed.host}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

export async function openPostgresDatabase(url: string, options: PostgresDatabaseOptions = {}): Promise<SqlDatabase> {
  // A database that does not answer fails the start in seconds instead of the OS's TCP timeout.
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle client's connection can drop (server restart); the pool replaces it, we only must not crash.
  pool.on('error', () => {});
  const probe = await pool.connect();
  probe.release();

  const executorOf = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(text, [...params]);
      return result.rows as Row[];
    },
  });
  const clients = new WeakMap<SqlExecutor, pg.PoolClient>();

  return {
    description: describeUrl(url),
    ...executorOf(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const executor = executorOf(client);
        clients.set(executor, client);
        const result = await work(executor);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A failed ROLLBACK means the connection itself is gone: destroy it rather than pool it.
        broken = await client.query('ROLLBACK').then(
          () => false,
          () => true,
        );
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async exec(script, tx) {
      const client = tx === undefined ? undefined : clients.get(tx);
      await (client ?? pool).query(script);
    },
    close: () => pool.end(),
  };
}
