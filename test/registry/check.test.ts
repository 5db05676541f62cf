import { describe, expect, it } from 'vitest';
import type { Registry } from '../../src/registry/index.ts';
import { STORE_KINDS, useTestStore } from './support/registryStores.ts';
import { accountsSdl, accountsWithoutEmail, seedExampleGraph, withoutField } from './support/schemas.ts';

async function recordTraffic(registry: Registry) {
  await registry.recordUsage([
    {
      operationHash: 'op-profile',
      operationName: 'Profile',
      clientName: 'web',
      clientVersion: '2.1',
      count: 3,
      coordinates: ['Query.me', 'User.email', 'User.name'],
    },
    {
      operationHash: 'op-profile',
      operationName: 'Profile',
      clientName: 'ios',
      clientVersion: '7',
      count: 2,
      coordinates: ['Query.me', 'User.email', 'User.name'],
    },
    {
      operationHash: 'op-top',
      operationName: 'Top',
      clientName: 'web',
      clientVersion: '2.1',
      count: 9,
      coordinates: ['Query.topProducts', 'Product.name'],
    },
  ]);
}

describe.each(STORE_KINDS)('checking against $name', (kind) => {
  const testStore = useTestStore(kind);

  it('reports a removed field as breaking and fails, naming the operations and clients that used it', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    await recordTraffic(registry);
    const result = await registry.check({ subgraph: 'accounts', sdl: accountsWithoutEmail });
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual(['BREAKING_CHANGES']);
    expect(result.apiChanges).toEqual([
      expect.objectContaining({
        code: 'FIELD_REMOVED',
        severity: 'breaking',
        path: 'User.email',
        usage: {
          operations: 1,
          requests: 5,
          clients: expect.arrayContaining([
            { name: 'web', version: '2.1' },
            { name: 'ios', version: '7' },
          ]),
          operationNames: ['Profile'],
        },
        impact: expect.stringMatching(
          /^breaking and used by 1 operation \(5 requests\) from (web@2\.1, ios@7|ios@7, web@2\.1) in the last 7 days$/,
        ),
      }),
    ]);
    expect(result.subgraphChanges).toContainEqual(expect.objectContaining({ code: 'FIELD_REMOVED', path: 'User.email' }));
    // A check is a dry run: nothing was published.
    expect((await registry.subgraph('accounts')).sdl).toBe(accountsSdl);
  });

  it('says when a breaking change is unused by any client in the usage window', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    await recordTraffic(registry);
    const withoutBirthday = withoutField(accountsSdl, 'birthday');
    const result = await registry.check({ subgraph: 'accounts', sdl: withoutBirthday });
    const [change] = result.apiChanges;
    expect(change).toMatchObject({ code: 'FIELD_REMOVED', path: 'User.birthday', usage: { operations: 0, requests: 0, clients: [] } });
    expect(change?.impact).toBe('breaking, but unused by any client in the last 7 days');
    expect(result.passed).toBe(false);
  });

  it('lets unused breaking changes pass when the registry is configured to, but never used ones', async () => {
    const registry = await testStore().freshRegistry({ failOnUnusedBreakingChanges: false });
    await seedExampleGraph(registry);
    await recordTraffic(registry);
    const withoutBirthday = withoutField(accountsSdl, 'birthday');
    expect(await registry.check({ subgraph: 'accounts', sdl: withoutBirthday })).toMatchObject({ passed: true, blockingChanges: 0 });
    expect(await registry.check({ subgraph: 'accounts', sdl: accountsWithoutEmail })).toMatchObject({ passed: false, blockingChanges: 1 });
  });

  it('passes a breaking change when the caller overrides, and still fails on composition errors', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    const overridden = await registry.check({ subgraph: 'accounts', sdl: accountsWithoutEmail, allowBreakingChanges: true });
    expect(overridden).toMatchObject({ passed: true, failures: [], breakingChangesAllowed: true, blockingChanges: 1 });

    const broken = await registry.check({ subgraph: 'accounts', sdl: 'type Query { me: Usr }', allowBreakingChanges: true });
    expect(broken.passed).toBe(false);
    expect(broken.failures).toEqual(['COMPOSITION_FAILED']);
    expect(broken.compositionErrors).toEqual([{ code: 'INVALID_GRAPHQL', message: '[accounts] Unknown type Usr' }]);
  });

  it('classifies an added field as safe and an added required argument as breaking for users of the field', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    await recordTraffic(registry);
    const added = await registry.check({
      subgraph: 'accounts',
      sdl: accountsSdl.replace(/^ {2}users: .*$/m, (line) => `${line}\n  admins: [User]`),
    });
    expect(added).toMatchObject({ passed: true, failures: [] });
    expect(added.apiChanges).toEqual([expect.objectContaining({ code: 'FIELD_ADDED', severity: 'safe', path: 'Query.admins' })]);

    const requiredArgument = await registry.check({ subgraph: 'accounts', sdl: accountsSdl.replace('me: User', 'me(tenant: ID!): User') });
    expect(requiredArgument.apiChanges).toEqual([
      expect.objectContaining({
        code: 'FIELD_ARGUMENT_ADDED',
        severity: 'breaking',
        path: 'Query.me.tenant',
        usage: expect.objectContaining({ operations: 1 }),
      }),
    ]);
  });

  it('checks a subgraph that does not exist yet against the current supergraph', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    const result = await registry.check({ subgraph: 'shipping', sdl: 'type Query { shippingZones: [String] }' });
    expect(result).toMatchObject({ passed: true, compositionErrors: [], subgraphChanges: [] });
    expect(result.apiChanges).toEqual([expect.objectContaining({ code: 'FIELD_ADDED', path: 'Query.shippingZones' })]);
  });
});
