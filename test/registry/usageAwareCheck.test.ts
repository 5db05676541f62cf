import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/registry/index.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { waitFor } from '../support/waitFor.ts';
import { startTestRegistryServer, type TestRegistryServer } from './support/registryServer.ts';
import { STORE_KINDS, type TestStore } from './support/registryStores.ts';
import { accountsWithoutEmail, exampleSubgraphs } from './support/schemas.ts';

describe.each(STORE_KINDS)('usage-aware checks on $name, fed by a gateway', (kind) => {
  let testStore: TestStore;
  let registry: Registry;
  let server: TestRegistryServer;
  let graph: ExampleGraph;
  let gateway: TestGateway;

  beforeAll(async () => {
    [testStore, graph] = await Promise.all([kind.open(), startExampleGraph()]);
    registry = await testStore.freshRegistry();
    await registry.seed(
      exampleSubgraphs((name) => graph.subgraphs.urls[name as keyof typeof graph.subgraphs.urls]),
      'test seed',
    );
    server = await startTestRegistryServer(registry);
    const { token } = await server.client().createToken({ name: 'gateway', role: 'readonly' });
    gateway = await startTestGateway({
      supergraph: { registry: { url: server.url, token, poll_interval: 60_000 } },
      registry: { usage_reporting: { flush_interval: 25 } },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await server?.close();
    await Promise.all([testStore?.close(), graph?.close()]);
  });

  it('reports what operations used, per client, and a check then names who a removed field would break', async () => {
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

    const withoutBirthday = (await registry.subgraph('accounts')).sdl.replace(/\s*"Unix time in seconds\."\s*birthday: Int/, '');
    const unused = await server.client().checkSubgraph('accounts', { schema: withoutBirthday });
    expect(unused.apiChanges[0]?.impact).toBe('breaking, but unused by any client in the last 7 days');
  });
});
