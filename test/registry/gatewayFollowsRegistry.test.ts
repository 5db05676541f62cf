import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Registry, RegistryRequestError, type RegistryStore } from '../../src/registry/index.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { waitFor } from '../support/waitFor.ts';
import { greetingsV1, greetingsV2, startGreetingsSubgraph } from './support/greetingsSubgraph.ts';
import { startTestRegistryServer, type TestRegistryServer } from './support/registryServer.ts';
import { STORE_KINDS, type TestStore } from './support/registryStores.ts';
import { accountsWithoutEmail, exampleSubgraphs, withoutField } from './support/schemas.ts';

describe.each(STORE_KINDS)('a gateway following the registry on $name', (kind) => {
  let testStore: TestStore;
  let store: RegistryStore;
  let registry: Registry;
  let server: TestRegistryServer;
  let graph: ExampleGraph;
  let greetings: Awaited<ReturnType<typeof startGreetingsSubgraph>>;
  let gateway: TestGateway;
  let gatewayToken: string;
  let cacheDirectory: string;
  const rejections: Error[] = [];

  // Opening PGlite compiles PostgreSQL's WebAssembly: seconds on a busy machine.
  beforeAll(async () => {
    [testStore, graph, greetings, cacheDirectory] = await Promise.all([
      kind.open(),
      startExampleGraph(),
      startGreetingsSubgraph(),
      mkdtemp(join(tmpdir(), 'gatehouse-registry-cache-')),
    ]);
    store = testStore.store;
    registry = await testStore.freshRegistry();
    await registry.seed(
      exampleSubgraphs((name) => graph.subgraphs.urls[name as keyof typeof graph.subgraphs.urls]),
      'test seed',
    );
    server = await startTestRegistryServer(registry);
    await server.client().publishSubgraph('greetings', { schema: greetingsV1, routingUrl: greetings.url });
    gatewayToken = (await server.client().createToken({ name: 'gateway', role: 'readonly' })).token;
    gateway = await startTestGateway({
      supergraph: {
        registry: { url: server.url, token: gatewayToken, poll_interval: 25, cache_file: join(cacheDirectory, 'supergraph.graphql') },
      },
      registry: { usage_reporting: { flush_interval: 25 } },
    });
    gateway.gateway.supergraph.on({ rejected: (error) => rejections.push(error) });
  }, 90_000);
  afterAll(async () => {
    await gateway?.close();
    await server?.close();
    await Promise.all([testStore?.close(), graph?.close(), greetings?.close()]);
    await rm(cacheDirectory, { recursive: true, force: true });
  });

  /** Waits until the gateway has polled the registry `count` more times. */
  const pollsLater = async (count: number) => {
    const target = server.supergraphFetches() + count;
    await waitFor(() => server.supergraphFetches() >= target, { what: `${count} more polls` });
  };

  it('serves the registry’s supergraph, federated across the example subgraphs and the greetings subgraph', async () => {
    const response = await gateway.post({ query: '{ greeting me { username } }' });
    expect(response.body).toEqual({ data: { greeting: 'hello', me: { username: 'urigo' } } });
    expect((await gateway.post({ query: '{ farewell }' })).status).toBe(400);
  });

  it('serves a field added by a publish without a restart', async () => {
    const published = await server.client().publishSubgraph('greetings', { schema: greetingsV2 });
    expect(published).toMatchObject({ status: 'published', supergraphChanged: true });
    const served = await waitFor(
      async () => {
        const response = await gateway.post({ query: '{ farewell }' });
        return response.status === 200 ? response.body : undefined;
      },
      { what: 'the gateway to serve farewell' },
    );
    expect(served).toEqual({ data: { farewell: 'goodbye' } });
    expect(await readFile(join(cacheDirectory, 'supergraph.graphql'), 'utf8')).toContain('farewell');
  });

  it('keeps serving when a publish that breaks composition is rejected with its codes', async () => {
    const servingId = gateway.gateway.supergraph.current?.id;
    const error = await server
      .client()
      .publishSubgraph('greetings', { schema: 'type Query { farewell: Int }\ntype Product @key(fields: "upc") { upc: Int }' })
      .catch((caught: unknown) => caught as RegistryRequestError);
    expect(error).toBeInstanceOf(RegistryRequestError);
    expect(error).toMatchObject({ code: 'COMPOSITION_FAILED', status: 422 });
    expect((error as RegistryRequestError).details.compositionErrors).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: expect.any(String), message: expect.any(String) })]),
    );
    const before = server.supergraphFetches();
    await pollsLater(2);
    // Nothing changed, and the polls said so cheaply: If-None-Match matched, 304 without a body.
    expect(server.supergraphStatuses().slice(before)).toEqual(expect.arrayContaining([304, 304]));
    expect(
      server
        .supergraphStatuses()
        .slice(before)
        .every((status) => status === 304),
    ).toBe(true);
    expect(gateway.gateway.supergraph.current?.id).toBe(servingId);
    expect((await gateway.post({ query: '{ farewell greeting }' })).body).toEqual({ data: { farewell: 'goodbye', greeting: 'hello' } });
  });

  it('keeps its last good supergraph when the registry serves an invalid one', async () => {
    const servingId = gateway.gateway.supergraph.current?.id;
    const latest = await store.latestSupergraph(registry.variant);
    await store.writeVariant(registry.variant, (tx) =>
      tx.insertSupergraphVersion(registry.variant, {
        supergraphSdl: 'type Query { broken: String }',
        supergraphHash: 'corrupted',
        action: 'publish',
        subgraph: 'greetings',
        restoredVersion: null,
        actor: 'test',
        memberIds: latest?.members.map((member) => member.id) ?? [],
      }),
    );
    await waitFor(() => rejections.some((error) => error.message.includes('not a valid supergraph')), { what: 'the gateway to reject it' });
    expect(gateway.gateway.supergraph.current?.id).toBe(servingId);
    expect((await gateway.post({ query: '{ farewell }' })).body).toEqual({ data: { farewell: 'goodbye' } });
    await registry.rollback({ version: latest?.version ?? 0, actor: 'test' });
  });

  it('reports what operations used, per client, so a check names who a removed field would break', async () => {
    const asClient = (name: string, version: string) => ({ 'apollographql-client-name': name, 'apollographql-client-version': version });
    const profile = { query: 'query Profile { me { name email } }', operationName: 'Profile' };
    for (const headers of [asClient('web', '3.0'), asClient('web', '3.0'), asClient('ios', '12')]) {
      expect((await gateway.post(profile, headers)).body.errors).toBeUndefined();
    }
    await gateway.post({ query: 'query Names { users { name } }' }, asClient('admin-console', '1'));

    const check = await waitFor(
      async () => {
        const result = await server.client().checkSubgraph('accounts', { schema: accountsWithoutEmail });
        return result.apiChanges[0]?.usage?.requests === 3 ? result : undefined;
      },
      { what: 'the usage report to arrive', timeoutMs: 10_000 },
    );
    expect(check.passed).toBe(false);
    expect(check.apiChanges[0]).toMatchObject({
      code: 'FIELD_REMOVED',
      path: 'User.email',
      usage: { operations: 1, requests: 3, operationNames: ['Profile'] },
    });
    expect(check.apiChanges[0]?.usage?.clients).toEqual(
      expect.arrayContaining([
        { name: 'web', version: '3.0' },
        { name: 'ios', version: '12' },
      ]),
    );
    expect(check.apiChanges[0]?.impact).toMatch(/^breaking and used by 1 operation \(3 requests\) from .*web@3\.0/);

    const withoutBirthday = withoutField((await registry.subgraph('accounts')).sdl, 'birthday');
    const unused = await server.client().checkSubgraph('accounts', { schema: withoutBirthday });
    expect(unused.apiChanges[0]?.impact).toBe('breaking, but unused by any client in the last 7 days');
  });

  it('keeps serving while the registry is down, and a new gateway starts from the cached copy', async () => {
    await server.close();
    await waitFor(() => rejections.some((error) => error.message.includes('could not reach the registry')), { what: 'a failed poll' });
    expect((await gateway.post({ query: '{ farewell }' })).body).toEqual({ data: { farewell: 'goodbye' } });

    const second = await startTestGateway({
      supergraph: {
        registry: { url: server.url, token: gatewayToken, poll_interval: 1000, cache_file: join(cacheDirectory, 'supergraph.graphql') },
      },
    });
    try {
      expect((await second.post({ query: '{ farewell me { username } }' })).body).toEqual({
        data: { farewell: 'goodbye', me: { username: 'urigo' } },
      });
    } finally {
      await second.close();
    }
  });

  it('does not start when the registry is down and there is no cached copy', async () => {
    await expect(
      startTestGateway({
        supergraph: { registry: { url: server.url, token: gatewayToken, cache_file: join(cacheDirectory, 'missing.graphql') } },
      }),
    ).rejects.toThrow(/could not reach the registry.*no cached supergraph/);
  });
});
