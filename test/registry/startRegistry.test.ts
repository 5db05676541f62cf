import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.ts';
import { RegistryClient, RegistryRequestError, startRegistry } from '../../src/registry/index.ts';
import { teamSdl } from './support/schemas.ts';

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
