import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../src/compose/index.ts';
import { RegistryClient } from '../../src/registry/index.ts';
import { type GatehouseProcess, startRegistryProcess } from './support/gatehouseProcess.ts';
import { createPostgresTestDatabase, type PostgresTestDatabase } from './support/postgresTestDatabase.ts';
import { teamSdl } from './support/schemas.ts';

const ADMIN_TOKEN = 'crash-test-admin-token-0123456789';

describe('killing the registry mid-publish (PostgreSQL)', () => {
  let database: PostgresTestDatabase;
  let running: GatehouseProcess | undefined;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
  });
  afterAll(async () => {
    await running?.kill('SIGKILL');
    await database?.drop();
  });

  const start = async () => {
    running = await startRegistryProcess(['--database-url', database.url], { env: { GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN } });
    return new RegistryClient({ url: running.url, token: ADMIN_TOKEN, timeoutMs: 20_000 });
  };

  it('loses nothing that was acknowledged and leaves no half-written version', async () => {
    let client = await start();
    await client.publishSubgraph('base', { schema: teamSdl('base'), routingUrl: 'http://base/graphql' });

    const acknowledged: { team: string; supergraphVersion: number }[] = [];
    const teams = Array.from({ length: 30 }, (_, index) => `team${index}`);
    let killed: Promise<void> | undefined;
    const publishes = teams.map((team) =>
      client.publishSubgraph(team, { schema: teamSdl(team), routingUrl: `http://${team}/graphql` }).then(
        (result) => {
          if (result.status === 'published') acknowledged.push({ team, supergraphVersion: result.supergraphVersion });
          // Kill it while most publishes are still queued or composing.
          if (acknowledged.length === 5) killed ??= running?.kill('SIGKILL');
        },
        () => undefined,
      ),
    );
    await Promise.all(publishes);
    await killed;
    expect(acknowledged.length).toBeGreaterThanOrEqual(5);
    expect(acknowledged.length).toBeLessThan(teams.length);

    client = await start();
    const current = new Set((await client.listSubgraphs()).subgraphs.map((subgraph) => subgraph.name));
    for (const { team } of acknowledged) expect(current.has(team), `${team} was acknowledged`).toBe(true);

    const history = (await client.supergraphHistory({ limit: 500 })).versions;
    const versions = history.map((entry) => entry.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, index) => index + 1));
    for (const { team, supergraphVersion } of acknowledged) {
      expect(history.find((entry) => entry.version === supergraphVersion)).toMatchObject({ action: 'publish', subgraph: team });
    }

    // Every stored version is whole: its supergraph is exactly what its member subgraph versions compose to.
    for (const entry of history) {
      const version = await client.supergraphVersion(entry.version);
      expect(version.subgraphs.length).toBe(entry.subgraphs.length);
      const members = await Promise.all(
        version.subgraphs.map(async (member) => {
          const revisions = (await client.subgraphVersions(member.name, 500)).versions;
          const stored = revisions.find((revision) => revision.revision === member.revision);
          return { name: member.name, url: member.routingUrl, sdl: stored?.sdl ?? '' };
        }),
      );
      expect(composeSupergraph(members).supergraphSdl).toBe(version.supergraphSdl);
    }

    // No subgraph version was written without the supergraph version that includes it.
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    try {
      const orphans = await sql.query(
        'SELECT s.subgraph FROM subgraph_versions s WHERE NOT EXISTS (SELECT 1 FROM supergraph_version_members m WHERE m.subgraph_version_id = s.id)',
      );
      expect(orphans.rows).toEqual([]);
    } finally {
      await sql.end();
    }

    // And the restarted registry takes writes again.
    expect(await client.publishSubgraph('after', { schema: teamSdl('after'), routingUrl: 'http://after/graphql' })).toMatchObject({
      status: 'published',
      supergraphVersion: versions.length + 1,
    });
  }, 90_000);
});
