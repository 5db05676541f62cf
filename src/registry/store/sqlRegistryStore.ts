// The registry's SQL, written once for PostgreSQL and run unchanged on PGlite (the embedded store).
import type { GraphRef } from '../graphRef.ts';
import { runMigrations } from './migrations.ts';
import type {
  AuditEntry,
  CoordinateUse,
  HistoryPage,
  NewAuditEntry,
  NewSubgraphVersion,
  NewSupergraphVersion,
  NewToken,
  OperationUsage,
  RegistryQueries,
  RegistryStore,
  StoredToken,
  SubgraphVersion,
  SupergraphVersion,
  SupergraphVersionSummary,
  VariantId,
} from './registryStore.ts';
import type { SqlDatabase, SqlExecutor } from './sqlDatabase.ts';

/** Class id of the per-variant write lock: `pg_advisory_xact_lock(WRITE_LOCK, variant id)`. */
const WRITE_LOCK = 0x67_68_77; // "ghw"

const SUBGRAPH_VERSION_COLUMNS = `s.id, s.subgraph, s.revision, s.sdl, s.sdl_hash AS "sdlHash", s.routing_url AS "routingUrl",
  s.published_by AS "publishedBy", s.published_at AS "publishedAt"`;

const SUPERGRAPH_VERSION_COLUMNS = `v.id, v.version, v.supergraph_hash AS "supergraphHash", v.action, v.subgraph,
  v.restored_version AS "restoredVersion", v.actor, v.created_at AS "createdAt"`;

const TOKEN_COLUMNS = `id, secret_hash AS "secretHash", name, role, subgraph, created_by AS "createdBy",
  created_at AS "createdAt", revoked_at AS "revokedAt"`;

type SupergraphVersionRow = Omit<SupergraphVersion, 'members'> & { id: number };

/** The statements that run the same inside a transaction or on their own. */
function registryQueries(sql: SqlExecutor): RegistryQueries {
  const members = (supergraphVersionId: number) =>
    sql.query<SubgraphVersion>(
      `SELECT ${SUBGRAPH_VERSION_COLUMNS} FROM supergraph_version_members m
       JOIN subgraph_versions s ON s.id = m.subgraph_version_id
       WHERE m.supergraph_version_id = $1 ORDER BY s.subgraph`,
      [supergraphVersionId],
    );
  const withMembers = async (row: SupergraphVersionRow | undefined): Promise<SupergraphVersion | undefined> => {
    if (!row) return undefined;
    const { id, ...version } = row;
    return { ...version, members: await members(id) };
  };

  return {
    async latestSupergraph(variant) {
      const [row] = await sql.query<SupergraphVersionRow>(
        `SELECT ${SUPERGRAPH_VERSION_COLUMNS}, v.supergraph_sdl AS "supergraphSdl" FROM supergraph_versions v
         WHERE v.graph_variant_id = $1 ORDER BY v.version DESC LIMIT 1`,
        [variant],
      );
      return withMembers(row);
    },

    async supergraphVersion(variant, version) {
      const [row] = await sql.query<SupergraphVersionRow>(
        `SELECT ${SUPERGRAPH_VERSION_COLUMNS}, v.supergraph_sdl AS "supergraphSdl" FROM supergraph_versions v
         WHERE v.graph_variant_id = $1 AND v.version = $2`,
        [variant, version],
      );
      return withMembers(row);
    },

    async supergraphHistory(variant, page: HistoryPage) {
      const rows = await sql.query<SupergraphVersionSummary & { id: number }>(
        `SELECT ${SUPERGRAPH_VERSION_COLUMNS},
           coalesce(json_agg(json_build_object('name', s.subgraph, 'revision', s.revision) ORDER BY s.subgraph)
             FILTER (WHERE s.id IS NOT NULL), '[]') AS subgraphs
         FROM supergraph_versions v
         LEFT JOIN supergraph_version_members m ON m.supergraph_version_id = v.id
         LEFT JOIN subgraph_versions s ON s.id = m.subgraph_version_id
         WHERE v.graph_variant_id = $1 AND ($2::integer IS NULL OR v.version < $2)
         GROUP BY v.id ORDER BY v.version DESC LIMIT $3`,
        [variant, page.before ?? null, page.limit],
      );
      return rows.map(({ id: _id, ...summary }) => summary);
    },

    subgraphHistory(variant, subgraph, limit) {
      return sql.query<SubgraphVersion>(
        `SELECT ${SUBGRAPH_VERSION_COLUMNS} FROM subgraph_versions s
         WHERE s.graph_variant_id = $1 AND s.subgraph = $2 ORDER BY s.revision DESC LIMIT $3`,
        [variant, subgraph, limit],
      );
    },

    async insertSubgraphVersion(variant, version: NewSubgraphVersion) {
      const [row] = await sql.query<SubgraphVersion>(
        `INSERT INTO subgraph_versions AS s (graph_variant_id, subgraph, revision, sdl, sdl_hash, routing_url, published_by)
         SELECT $1, $2, coalesce(max(revision), 0) + 1, $3, $4, $5, $6
         FROM subgraph_versions WHERE graph_variant_id = $1 AND subgraph = $2
         RETURNING ${SUBGRAPH_VERSION_COLUMNS}`,
        [variant, version.subgraph, version.sdl, version.sdlHash, version.routingUrl, version.publishedBy],
      );
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      return row;
    },

    async insertSupergraphVersion(variant, version: NewSupergraphVersion) {
      const [row] = await sql.query<SupergraphVersionRow>(
        `INSERT INTO supergraph_versions AS v
           (graph_variant_id, version, supergraph_sdl, supergraph_hash, action, subgraph, restored_version, actor)
         SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7
         FROM supergraph_versions WHERE graph_variant_id = $1
         RETURNING ${SUPERGRAPH_VERSION_COLUMNS}, v.supergraph_sdl AS "supergraphSdl"`,
        [variant, version.supergraphSdl, version.supergraphHash, version.action, version.subgraph, version.restoredVersion, version.actor],
      );
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      await sql.query(
        `INSERT INTO supergraph_version_members (supergraph_version_id, subgraph_version_id)
         SELECT $1, unnest($2::integer[])`,
        [row.id, [...version.memberIds]],
      );
      const inserted = await withMembers(row);
      if (!inserted) throw new Error('the inserted supergraph version vanished');
      return inserted;
    },

    async appendAudit(entry: NewAuditEntry) {
      await sql.query(
        `INSERT INTO audit_log (actor, action, graph_variant_id, subgraph, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
        [entry.actor, entry.action, entry.variant, entry.subgraph, entry.outcome, JSON.stringify(entry.detail)],
      );
    },
  };
}

export class SqlRegistryStore implements RegistryStore {
  readonly #db: SqlDatabase;
  readonly #queries: RegistryQueries;

  private constructor(db: SqlDatabase) {
    this.#db = db;
    this.#queries = registryQueries(db);
  }

  /** Migrates the database to the current schema and opens the store over it. */
  static async open(db: SqlDatabase): Promise<SqlRegistryStore> {
    await runMigrations(db);
    return new SqlRegistryStore(db);
  }

  get description(): string {
    return this.#db.description;
  }

  latestSupergraph(variant: VariantId) {
    return this.#queries.latestSupergraph(variant);
  }
  supergraphVersion(variant: VariantId, version: number) {
    return this.#queries.supergraphVersion(variant, version);
  }
  supergraphHistory(variant: VariantId, page: HistoryPage) {
    return this.#queries.supergraphHistory(variant, page);
  }
  subgraphHistory(variant: VariantId, subgraph: string, limit: number) {
    return this.#queries.subgraphHistory(variant, subgraph, limit);
  }
  insertSubgraphVersion(variant: VariantId, version: NewSubgraphVersion) {
    return this.#queries.insertSubgraphVersion(variant, version);
  }
  insertSupergraphVersion(variant: VariantId, version: NewSupergraphVersion) {
    return this.#queries.insertSupergraphVersion(variant, version);
  }
  appendAudit(entry: NewAuditEntry) {
    return this.#queries.appendAudit(entry);
  }

  async variantId(ref: GraphRef): Promise<VariantId> {
    // Insert-or-select in one statement, so two instances creating the same variant both get its id.
    const [row] = await this.#db.query<{ id: number }>(
      `WITH inserted AS (
         INSERT INTO graph_variants (graph, variant) VALUES ($1, $2) ON CONFLICT (graph, variant) DO NOTHING RETURNING id
       )
       SELECT id FROM inserted UNION ALL SELECT id FROM graph_variants WHERE graph = $1 AND variant = $2`,
      [ref.graph, ref.variant],
    );
    if (!row) throw new Error(`could not create graph variant ${ref.graph}@${ref.variant}`);
    return row.id;
  }

  async publishedVariants(graph: string): Promise<string[]> {
    const rows = await this.#db.query<{ variant: string }>(
      `SELECT g.variant FROM graph_variants g
       WHERE g.graph = $1 AND EXISTS (SELECT 1 FROM supergraph_versions v WHERE v.graph_variant_id = g.id)
       ORDER BY g.variant`,
      [graph],
    );
    return rows.map((row) => row.variant);
  }

  async publishedGraphs(): Promise<{ graph: string; variants: string[] }[]> {
    const rows = await this.#db.query<{ graph: string; variant: string }>(
      `SELECT g.graph, g.variant FROM graph_variants g
       WHERE EXISTS (SELECT 1 FROM supergraph_versions v WHERE v.graph_variant_id = g.id)
       ORDER BY g.graph, g.variant`,
    );
    const graphs = new Map<string, string[]>();
    for (const row of rows) graphs.set(row.graph, [...(graphs.get(row.graph) ?? []), row.variant]);
    return [...graphs].map(([graph, variants]) => ({ graph, variants }));
  }

  writeVariant<T>(variant: VariantId, work: (tx: RegistryQueries) => Promise<T>): Promise<T> {
    return this.#db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [WRITE_LOCK, variant]);
      return work(registryQueries(tx));
    });
  }

  async findToken(id: string): Promise<StoredToken | undefined> {
    const [row] = await this.#db.query<StoredToken>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE id = $1`, [id]);
    return row;
  }

  listTokens(): Promise<StoredToken[]> {
    return this.#db.query<StoredToken>(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY created_at, id`);
  }

  async insertToken(token: NewToken): Promise<StoredToken> {
    const [row] = await this.#db.query<StoredToken>(
      `INSERT INTO tokens (id, secret_hash, name, role, subgraph, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TOKEN_COLUMNS}`,
      [token.id, token.secretHash, token.name, token.role, token.subgraph, token.createdBy],
    );
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    return row;
  }

  async revokeToken(id: string): Promise<boolean> {
    const rows = await this.#db.query<{ id: string }>(
      'UPDATE tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id',
      [id],
    );
    return rows.length > 0;
  }

  auditLog(page: { limit: number; before?: number }): Promise<AuditEntry[]> {
    return this.#db.query<AuditEntry>(
      `SELECT id, at, actor, action, subgraph, outcome, detail FROM audit_log
       WHERE ($1::integer IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
      [page.before ?? null, page.limit],
    );
  }

  async insertCheckWorkflow(variant: VariantId, id: string, result: object, keepDays: number): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query(`DELETE FROM check_workflows WHERE created_at < now() - make_interval(days => $1)`, [keepDays]);
      await tx.query('INSERT INTO check_workflows (id, graph_variant_id, result) VALUES ($1, $2, $3)', [
        id,
        variant,
        JSON.stringify(result),
      ]);
    });
  }

  async checkWorkflow(id: string): Promise<{ graph: string; variant: string; result: unknown } | undefined> {
    const [row] = await this.#db.query<{ graph: string; variant: string; result: unknown }>(
      `SELECT g.graph, g.variant, c.result FROM check_workflows c JOIN graph_variants g ON g.id = c.graph_variant_id WHERE c.id = $1`,
      [id],
    );
    return row;
  }

  async recordUsage(variant: VariantId, operations: readonly OperationUsage[]): Promise<void> {
    if (operations.length === 0) return;
    const coordinatePairs = operations.flatMap((operation) =>
      operation.coordinates.map((coordinate) => [operation.operationHash, coordinate]),
    );
    await this.#db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO operation_coordinates (graph_variant_id, operation_hash, coordinate)
         SELECT $1, hash, coordinate FROM unnest($2::text[], $3::text[]) AS reported (hash, coordinate)
         ON CONFLICT DO NOTHING`,
        [variant, coordinatePairs.map(([hash]) => hash), coordinatePairs.map(([, coordinate]) => coordinate)],
      );
      await tx.query(
        `INSERT INTO operation_usage AS u (graph_variant_id, hour, operation_hash, operation_name, client_name, client_version, count)
         SELECT $1, date_trunc('hour', now()), hash, max(name), client, version, sum(count)
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::integer[]) AS reported (hash, name, client, version, count)
         GROUP BY hash, client, version
         ON CONFLICT (graph_variant_id, operation_hash, client_name, client_version, hour)
         DO UPDATE SET count = u.count + excluded.count, operation_name = excluded.operation_name`,
        [
          variant,
          operations.map((operation) => operation.operationHash),
          operations.map((operation) => operation.operationName),
          operations.map((operation) => operation.clientName),
          operations.map((operation) => operation.clientVersion),
          operations.map((operation) => operation.count),
        ],
      );
    });
  }

  coordinateUses(variant: VariantId, coordinates: readonly string[], since: Date): Promise<CoordinateUse[]> {
    if (coordinates.length === 0) return Promise.resolve([]);
    // DISTINCT first: an operation that uses several fields of a removed type counts once for it.
    return this.#db.query<CoordinateUse>(
      `WITH matched AS (
         SELECT DISTINCT target.coordinate, c.operation_hash
         FROM unnest($2::text[]) AS target (coordinate)
         JOIN operation_coordinates c ON c.graph_variant_id = $1
           AND (c.coordinate = target.coordinate OR starts_with(c.coordinate, target.coordinate || '.'))
       )
       SELECT matched.coordinate, u.operation_hash AS "operationHash", max(u.operation_name) AS "operationName",
         u.client_name AS "clientName", u.client_version AS "clientVersion", sum(u.count)::integer AS requests
       FROM matched JOIN operation_usage u ON u.graph_variant_id = $1 AND u.operation_hash = matched.operation_hash AND u.hour >= $3
       GROUP BY matched.coordinate, u.operation_hash, u.client_name, u.client_version
       ORDER BY matched.coordinate, requests DESC`,
      [variant, [...coordinates], since],
    );
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}
