import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Registry, RegistryRequestError } from '../../src/registry/index.ts';
import { startTestRegistryServer, type TestRegistryServer } from './support/registryServer.ts';
import { STORE_KINDS, type TestStore } from './support/registryStores.ts';
import { accountsSdl, seedExampleGraph, teamSdl } from './support/schemas.ts';

async function errorOf(promise: Promise<unknown>): Promise<RegistryRequestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryRequestError);
    return error as RegistryRequestError;
  }
  throw new Error('expected the registry to answer with an error');
}

describe.each(STORE_KINDS)('the registry HTTP API on $name', (kind) => {
  let testStore: TestStore;
  let registry: Registry;
  let server: TestRegistryServer;

  // Opening PGlite compiles PostgreSQL's WebAssembly: seconds on a busy machine.
  beforeAll(async () => {
    testStore = await kind.open();
  }, 90_000);
  beforeEach(async () => {
    await server?.close();
    registry = await testStore.freshRegistry();
    await seedExampleGraph(registry);
    server = await startTestRegistryServer(registry);
  });
  afterAll(async () => {
    await server?.close();
    await testStore?.close();
  });

  const publishTeamSubgraph = (token: string | null, name: string) =>
    server.request('POST', `/api/v1/subgraphs/${name}/publish`, {
      token,
      body: { schema: teamSdl(name), routingUrl: `http://${name}/graphql` },
    });

  it('answers 401 with a Bearer challenge without a token, or with a wrong one, and changes nothing', async () => {
    const missing = await publishTeamSubgraph(null, 'intruder');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse-registry"');
    expect((await missing.json()).error.code).toBe('UNAUTHENTICATED');

    for (const token of ['nonsense', 'ght_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', `${'x'.repeat(27)}`]) {
      const wrong = await publishTeamSubgraph(token, 'intruder');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    expect((await server.request('GET', '/api/v1/supergraph', { token: null })).status).toBe(401);
    expect(await registry.history({ limit: 10 })).toHaveLength(1);
    expect((await registry.subgraphs()).map((subgraph) => subgraph.name)).not.toContain('intruder');
  });

  it("refuses team A's token to publish or delete subgraph B (403, audit-logged) and lets it publish and check A", async () => {
    const { token: teamA } = await server.client().createToken({ name: 'accounts team', role: 'subgraph', subgraph: 'accounts' });
    const before = await registry.latestSupergraph();

    const publishB = await server.request('POST', '/api/v1/subgraphs/products/publish', {
      token: teamA,
      body: { schema: teamSdl('products') },
    });
    expect(publishB.status).toBe(403);
    expect((await publishB.json()).error).toMatchObject({
      code: 'FORBIDDEN',
      message: 'a token for subgraph "accounts" may not publish subgraph "products"',
    });
    expect((await server.request('DELETE', '/api/v1/subgraphs/products', { token: teamA })).status).toBe(403);
    expect(
      (await server.request('POST', '/api/v1/subgraphs/products/check', { token: teamA, body: { schema: teamSdl('products') } })).status,
    ).toBe(403);
    expect((await server.request('POST', '/api/v1/supergraph/rollback', { token: teamA, body: { version: 1 } })).status).toBe(403);
    expect(await registry.latestSupergraph()).toEqual(before);

    const audit = await server.client().auditLog({ limit: 3 });
    expect(audit.entries.map((entry) => [entry.action, entry.subgraph, entry.outcome])).toEqual([
      ['supergraph.rollback', null, 'rejected'],
      ['subgraph.delete', 'products', 'rejected'],
      ['subgraph.publish', 'products', 'rejected'],
    ]);
    expect(audit.entries[0]?.actor).toMatch(/^token:[0-9a-f]{16} \(accounts team\)$/);

    const client = server.client(teamA);
    expect(await client.checkSubgraph('accounts', { schema: accountsSdl })).toMatchObject({ passed: true });
    const published = await client.publishSubgraph('accounts', { schema: `${accountsSdl}\nextend type Query { ping: String }\n` });
    expect(published).toMatchObject({ status: 'published', supergraphVersion: 2, subgraph: { name: 'accounts', revision: 2 } });
    expect((await registry.subgraph('accounts')).publishedBy).toMatch(/\(accounts team\)$/);
  });

  it('gives read-only tokens reads and usage reports, not writes', async () => {
    const { token } = await server.client().createToken({ name: 'gateway', role: 'readonly' });
    const client = server.client(token);
    expect((await client.fetchSupergraph()).status).toBe('ok');
    expect((await client.listSubgraphs()).subgraphs).toHaveLength(4);
    await client.reportUsage({ operations: [{ operationHash: 'h', count: 1, coordinates: ['Query.me'] }] });
    expect((await errorOf(client.publishSubgraph('accounts', { schema: accountsSdl }))).status).toBe(403);
    expect((await errorOf(client.checkSubgraph('accounts', { schema: accountsSdl }))).status).toBe(403);
    expect((await errorOf(client.createToken({ name: 'escalate', role: 'admin' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(client.auditLog())).code).toBe('FORBIDDEN');
  });

  it('stores tokens hashed, shows their secrets once, and stops accepting revoked ones', async () => {
    const admin = server.client();
    const created = await admin.createToken({ name: 'ci', role: 'subgraph', subgraph: 'reviews' });
    expect(created.token).toMatch(/^ght_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const [stored] = (await testStore.store.listTokens()).filter((token) => token.id === created.info.id);
    expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(created.token).not.toContain(stored?.secretHash);
    const listed = await admin.listTokens();
    expect(JSON.stringify(listed)).not.toContain('secretHash');
    expect(listed.tokens.find((token) => token.id === created.info.id)).toMatchObject({
      name: 'ci',
      role: 'subgraph',
      subgraph: 'reviews',
    });

    expect((await server.client(created.token).listSubgraphs()).subgraphs).toHaveLength(4);
    await admin.revokeToken(created.info.id);
    expect((await errorOf(server.client(created.token).listSubgraphs())).status).toBe(401);
    expect((await errorOf(admin.revokeToken('ffffffffffffffff'))).code).toBe('TOKEN_NOT_FOUND');
    // Right id, wrong secret: still 401.
    const forged = `${created.token.slice(0, 21)}${'A'.repeat(43)}`;
    expect((await server.request('GET', '/api/v1/subgraphs', { token: forged })).status).toBe(401);
  });

  it('validates every input and names the bad part', async () => {
    const unknownKey = await server.request('POST', '/api/v1/subgraphs/accounts/publish', { body: { schema: accountsSdl, sdl: 'x' } });
    expect(unknownKey.status).toBe(400);
    expect((await unknownKey.json()).error).toEqual({ code: 'BAD_REQUEST', message: 'body: unknown key "sdl"' });

    const badUrl = await server.request('POST', '/api/v1/subgraphs/shipping/publish', {
      body: { schema: teamSdl('shipping'), routingUrl: 'nope' },
    });
    expect((await badUrl.json()).error.message).toMatch(/^body\.routingUrl: /);

    const badName = await server.request('POST', '/api/v1/subgraphs/9lives/publish', { body: { schema: teamSdl('x') } });
    expect((await badName.json()).error.message).toMatch(/^params\.name: a subgraph name is a letter/);

    const emptySchema = await server.request('POST', '/api/v1/subgraphs/accounts/check', { body: { schema: '' } });
    expect((await emptySchema.json()).error.message).toBe('body.schema: the schema is empty');

    const notJson = await server.request('POST', '/api/v1/subgraphs/accounts/publish', { body: '{"schema":' });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe('BAD_REQUEST');

    const badQuery = await server.request('GET', '/api/v1/supergraph/diff?from=1&to=zero');
    expect((await badQuery.json()).error.message).toMatch(/^query\.to: /);

    const badToken = await server.request('POST', '/api/v1/tokens', { body: { name: 'x', role: 'subgraph' } });
    expect((await badToken.json()).error.message).toBe(
      'body.subgraph: a subgraph token names its subgraph; admin and readonly tokens name none',
    );

    const notFound = await server.request('GET', '/api/v1/nothing-here');
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error.code).toBe('NOT_FOUND');
    expect(await registry.history({ limit: 10 })).toHaveLength(1);
  });

  it('refuses a body over the limit with 413', async () => {
    const small = await startTestRegistryServer(registry, { bodyLimit: 1024 });
    try {
      const response = await small.request('POST', '/api/v1/subgraphs/accounts/publish', {
        body: { schema: `# ${'x'.repeat(4096)}\n${accountsSdl}` },
      });
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('serves the latest supergraph with an ETag and answers 304 while it has not changed', async () => {
    const first = await server.request('GET', '/api/v1/supergraph');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(first.headers.get('x-gatehouse-supergraph-version')).toBe('1');
    expect((await first.json()).supergraphSdl).toContain('join__Graph');

    const unchanged = await server.request('GET', '/api/v1/supergraph', { headers: { 'if-none-match': etag ?? '' } });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');

    await server.client().publishSubgraph('shipping', { schema: teamSdl('shipping'), routingUrl: 'http://shipping/graphql' });
    const changed = await server.request('GET', '/api/v1/supergraph', { headers: { 'if-none-match': etag ?? '' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('answers a publish that breaks composition with 422 and every composition error code', async () => {
    const response = await server.request('POST', '/api/v1/subgraphs/reviews/publish', {
      body: { schema: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\ntype Query { me: String }' },
    });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('COMPOSITION_FAILED');
    expect(error.compositionErrors.map((problem: { code: string }) => problem.code)).toContain('INVALID_FIELD_SHARING');
    expect(await registry.history({ limit: 10 })).toHaveLength(1);
  });

  it('lists and fetches subgraphs, pages the history, diffs two versions and rolls back', async () => {
    const admin = server.client();
    await admin.publishSubgraph('shipping', { schema: teamSdl('shipping'), routingUrl: 'http://shipping/graphql' });
    await admin.publishSubgraph('shipping', { schema: teamSdl('shipping', ['status', 'eta']) });

    expect((await admin.listSubgraphs()).subgraphs.map((subgraph) => subgraph.name)).toEqual([
      'accounts',
      'inventory',
      'products',
      'reviews',
      'shipping',
    ]);
    expect(await admin.fetchSubgraph('shipping')).toMatchObject({
      name: 'shipping',
      revision: 2,
      sdl: teamSdl('shipping', ['status', 'eta']),
    });
    expect((await admin.subgraphVersions('shipping')).versions.map((version) => version.revision)).toEqual([2, 1]);
    expect((await errorOf(admin.fetchSubgraph('nothing'))).code).toBe('SUBGRAPH_NOT_FOUND');

    expect((await admin.supergraphHistory({ limit: 2 })).versions.map((version) => version.version)).toEqual([3, 2]);
    expect((await admin.supergraphHistory({ limit: 2, before: 2 })).versions.map((version) => version.version)).toEqual([1]);
    expect((await admin.supergraphVersion(2)).supergraphSdl).toContain('shipping_status');

    const diff = await admin.diffSupergraphs(2, 3);
    expect(diff.changes).toEqual([expect.objectContaining({ code: 'FIELD_ADDED', severity: 'safe', path: 'Query.shipping_eta' })]);
    expect(await admin.rollbackSupergraph(1)).toEqual({ status: 'rolled_back', supergraphVersion: 4, restoredVersion: 1 });
    expect((await admin.listSubgraphs()).subgraphs.map((subgraph) => subgraph.name)).not.toContain('shipping');
    expect(await admin.deleteSubgraph('reviews', { dryRun: true })).toMatchObject({ status: 'dry_run' });
    expect(await admin.deleteSubgraph('reviews')).toMatchObject({ status: 'deleted', supergraphVersion: 5 });
  });
});
