import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.ts';
import { RegistryClient, RegistryRequestError, startRegistry } from '../../src/registry/index.ts';
import { accountsSdl, teamSdl } from './support/schemas.ts';

const SUPERGRAPH_YAML = fileURLToPath(new URL('../../supergraph.yaml', import.meta.url));

describe('the embedded registry on disk', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-registry-data-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds an empty registry from supergraph.yaml, keeps what was published across restarts, and seeds only once', async () => {
    let firstAdminToken = '';
    const first = await startRegistry({ port: 0, data_dir: dataDir, seedFrom: SUPERGRAPH_YAML, logger: silentLogger });
    try {
      expect(first.seeded).toBe(true);
      expect(first.adminTokenGenerated).toBe(true);
      expect(first.adminToken).toMatch(/^ght_0{16}_[A-Za-z0-9_-]{43}$/);
      firstAdminToken = first.adminToken;
      const client = new RegistryClient({ url: first.url, token: first.adminToken });
      expect((await client.listSubgraphs()).subgraphs.map((subgraph) => subgraph.name)).toEqual([
        'accounts',
        'inventory',
        'products',
        'reviews',
      ]);
      await client.publishSubgraph('shipping', { schema: teamSdl('shipping'), routingUrl: 'http://shipping/graphql' });
    } finally {
      await first.close();
    }

    const second = await startRegistry({
      port: 0,
      data_dir: dataDir,
      seedFrom: SUPERGRAPH_YAML,
      admin_token: 'a-configured-admin-token',
      logger: silentLogger,
    });
    try {
      expect(second.seeded).toBe(false);
      expect(second.adminTokenGenerated).toBe(false);
      const client = new RegistryClient({ url: second.url, token: 'a-configured-admin-token' });
      const history = (await client.supergraphHistory()).versions;
      expect(history.map((entry) => [entry.version, entry.action, entry.subgraph])).toEqual([
        [2, 'publish', 'shipping'],
        [1, 'seed', null],
      ]);
      // The previous run's generated admin token died with it.
      const stale = await new RegistryClient({ url: second.url, token: firstAdminToken }).listSubgraphs().catch((error: unknown) => error);
      expect(stale).toBeInstanceOf(RegistryRequestError);
      expect((stale as RegistryRequestError).status).toBe(401);
    } finally {
      await second.close();
    }
  }, 60_000);
});

describe('the registry learning the rules from a gateway config (--rules gatehouse.yaml)', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-registry-rules-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** accounts with User.invoiceTotal guarded by @policy(billing), a policy the gateway's config defines. */
  const billed = accountsSdl
    .replace('import: ["@key",', 'import: ["@policy", "@key",')
    .replace('  name: String\n', '  name: String\n  invoiceTotal: Int @policy(policies: [["billing"]])\n');

  async function checkWith(rules: string) {
    const registry = await startRegistry({
      port: 0,
      data_dir: await mkdtemp(join(directory, 'data-')),
      seedFrom: SUPERGRAPH_YAML,
      rules: { '*': rules },
      logger: silentLogger,
    });
    try {
      const client = new RegistryClient({ url: registry.url, token: registry.adminToken });
      const result = await client.checkSubgraph('accounts', { schema: billed });
      return result.authorization?.fields.find((field) => field.field === 'User.invoiceTotal');
    } finally {
      await registry.close();
    }
  }

  it("knows the config's @policy definitions, which the rules module alone does not name", async () => {
    expect(billed).toContain('@policy(policies: [["billing"]])');
    const config = join(directory, 'gatehouse.yaml');
    await writeFile(
      config,
      [
        'supergraph: { file: schema/supergraph.graphql }',
        'authorization:',
        '  rules: ./examples/permissions.ts',
        '  policies:',
        '    billing: { roles: [finance] }',
      ].join('\n'),
    );
    expect(await checkWith(config)).toMatchObject({ change: 'added', unreachable: false, newlyExposed: false });
    // The module alone: the registry cannot know what "billing" requires, so the field reads as unreachable.
    expect(await checkWith('./examples/permissions.ts')).toMatchObject({ change: 'added', unreachable: true });
  });
});

describe('startRegistry from code', () => {
  it('names an option it does not know, with the one meant', async () => {
    const options = { prot: 0, logger: silentLogger } as unknown as Parameters<typeof startRegistry>[0];
    await expect(startRegistry(options)).rejects.toThrow(/prot.*\(did you mean "port"\?\)/);
  });
});
