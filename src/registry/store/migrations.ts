// The registry's tables, as numbered migrations applied in order at start (both stores run the same
// SQL). A transaction-level advisory lock lets several registry instances start at once.
import type { SqlDatabase } from './sqlDatabase.ts';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: a released migration is never edited, a change is a new migration. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'registry',
    sql: `
      -- A graph and its variant (graph@variant). Everything schema-related belongs to one; the registry
      -- serves the default variant today, and the table lets refs like shop@staging come later.
      CREATE TABLE graph_variants (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        graph text NOT NULL,
        variant text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (graph, variant)
      );

      -- Every schema a subgraph ever published. Rows are never updated or deleted.
      CREATE TABLE subgraph_versions (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        graph_variant_id integer NOT NULL REFERENCES graph_variants (id),
        subgraph text NOT NULL,
        revision integer NOT NULL,
        sdl text NOT NULL,
        sdl_hash text NOT NULL,
        routing_url text NOT NULL,
        published_by text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (graph_variant_id, subgraph, revision)
      );

      -- Every supergraph the registry composed, numbered 1, 2, … per variant. The latest one is what
      -- gateways serve; its members are the current subgraphs.
      CREATE TABLE supergraph_versions (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        graph_variant_id integer NOT NULL REFERENCES graph_variants (id),
        version integer NOT NULL,
        supergraph_sdl text NOT NULL,
        supergraph_hash text NOT NULL,
        action text NOT NULL CHECK (action IN ('seed', 'publish', 'delete', 'rollback')),
        subgraph text,
        restored_version integer,
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (graph_variant_id, version)
      );

      CREATE TABLE supergraph_version_members (
        supergraph_version_id integer NOT NULL REFERENCES supergraph_versions (id),
        subgraph_version_id integer NOT NULL REFERENCES subgraph_versions (id),
        PRIMARY KEY (supergraph_version_id, subgraph_version_id)
      );

      -- API tokens: the id is public (it is in the token), the secret is kept only as its sha256.
      CREATE TABLE tokens (
        id text PRIMARY KEY,
        secret_hash text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'subgraph', 'readonly')),
        subgraph text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK ((role = 'subgraph') = (subgraph IS NOT NULL))
      );

      CREATE TABLE audit_log (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        graph_variant_id integer REFERENCES graph_variants (id),
        subgraph text,
        outcome text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_at ON audit_log (at DESC);

      -- Which schema coordinates each distinct operation uses, and how often each client ran it per hour.
      CREATE TABLE operation_coordinates (
        graph_variant_id integer NOT NULL REFERENCES graph_variants (id),
        operation_hash text NOT NULL,
        coordinate text NOT NULL,
        PRIMARY KEY (graph_variant_id, operation_hash, coordinate)
      );
      CREATE INDEX operation_coordinates_coordinate ON operation_coordinates (graph_variant_id, coordinate);

      CREATE TABLE operation_usage (
        graph_variant_id integer NOT NULL REFERENCES graph_variants (id),
        hour timestamptz NOT NULL,
        operation_hash text NOT NULL,
        operation_name text NOT NULL,
        client_name text NOT NULL,
        client_version text NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (graph_variant_id, operation_hash, client_name, client_version, hour)
      );
    `,
  },
  {
    version: 2,
    name: 'check_workflows',
    sql: `
      -- Schema checks rover submitted, by workflow id: rover polls for the result, and any registry
      -- instance sharing the database can answer. Old ones are pruned as new ones arrive.
      CREATE TABLE check_workflows (
        id text PRIMARY KEY,
        graph_variant_id integer NOT NULL REFERENCES graph_variants (id),
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX check_workflows_created_at ON check_workflows (created_at);
    `,
  },
];

const MIGRATION_LOCK = 0x67_68_6d; // "ghm": one lock id for every registry's migrations

export async function runMigrations(db: SqlDatabase): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS registry_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set((await tx.query<{ version: number }>('SELECT version FROM registry_migrations')).map((row) => row.version));
    const appliedNow: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await db.exec(migration.sql, tx);
      await tx.query('INSERT INTO registry_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      appliedNow.push(migration.version);
    }
    return appliedNow;
  });
}
