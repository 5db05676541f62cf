import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../src/registry/index.ts';
import { STORE_KINDS, useTestStore } from './support/registryStores.ts';
import { accountsSdl, accountsWithoutEmail, seedExampleGraph, teamSdl, withoutField } from './support/schemas.ts';

function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  return promise.then(
    () => {
      throw new Error('expected the registry to refuse');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(RegistryError);
      return error as RegistryError;
    },
  );
}

describe.each(STORE_KINDS)('publishing to $name', (kind) => {
  const testStore = useTestStore(kind);

  it('composes a new subgraph with the current ones and stores both versions together', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    const result = await registry.publish({
      subgraph: 'shipping',
      sdl: teamSdl('shipping'),
      routingUrl: 'http://shipping/graphql',
      actor: 'team',
    });
    expect(result).toMatchObject({ status: 'published', created: true, supergraphVersion: 2, subgraph: { name: 'shipping', revision: 1 } });
    const latest = await registry.latestSupergraph();
    expect(latest.version).toBe(2);
    expect(latest.supergraphSdl).toContain('shipping_status: String');
    expect(latest.supergraphSdl).toContain('topProducts');
    expect(latest.subgraphs.map((subgraph) => subgraph.name)).toEqual(['accounts', 'inventory', 'products', 'reviews', 'shipping']);
  });

  it('treats publishing an identical schema as a no-op and says so', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    const result = await registry.publish({ subgraph: 'accounts', sdl: accountsSdl, actor: 'team' });
    expect(result).toMatchObject({ status: 'unchanged', supergraphVersion: 1, subgraph: { revision: 1 } });
    expect(await registry.history({ limit: 10 })).toHaveLength(1);
  });

  it('keeps the routing URL of an existing subgraph when none is given, and needs one for a new subgraph', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    const updated = await registry.publish({
      subgraph: 'accounts',
      sdl: `${accountsSdl}\nextend type Query { ping: String }\n`,
      actor: 'team',
    });
    expect(updated).toMatchObject({
      status: 'published',
      created: false,
      subgraph: { revision: 2, routingUrl: 'http://127.0.0.1:9/accounts' },
    });
    const refused = await rejection(registry.publish({ subgraph: 'brand-new', sdl: teamSdl('brand_new'), actor: 'team' }));
    expect(refused.code).toBe('ROUTING_URL_REQUIRED');
  });

  it('rejects a publish that breaks composition with every error code, and changes nothing', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    const before = await registry.latestSupergraph();
    // inventory @requires weight, which products would no longer define.
    const conflicting = withoutField((await registry.subgraph('products')).sdl, 'weight');
    const refused = await rejection(registry.publish({ subgraph: 'products', sdl: conflicting, actor: 'team' }));
    expect(refused.code).toBe('COMPOSITION_FAILED');
    expect(refused.statusCode).toBe(422);
    expect(refused.details.compositionErrors).toEqual([expect.objectContaining({ code: 'EXTERNAL_MISSING_ON_BASE' })]);
    const after = await registry.latestSupergraph();
    expect(after).toEqual(before);
    expect((await registry.subgraph('products')).revision).toBe(1);
    const [audit] = await testStore().store.auditLog({ limit: 1 });
    expect(audit).toMatchObject({
      action: 'subgraph.publish',
      subgraph: 'products',
      outcome: 'rejected',
      detail: { reason: 'COMPOSITION_FAILED' },
    });
  });

  it('lands 20 concurrent publishes from different teams: 20 versions, and the last supergraph has every change', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    const teams = Array.from({ length: 20 }, (_, index) => `team${index}`);
    const results = await Promise.all(
      teams.map((team) => registry.publish({ subgraph: team, sdl: teamSdl(team), routingUrl: `http://${team}/graphql`, actor: team })),
    );
    expect(results.every((result) => result.status === 'published')).toBe(true);
    expect(new Set(results.map((result) => result.supergraphVersion))).toEqual(
      new Set(Array.from({ length: 20 }, (_, index) => index + 2)),
    );
    const history = await registry.history({ limit: 100 });
    expect(history.filter((entry) => entry.action === 'publish')).toHaveLength(20);
    const latest = await registry.latestSupergraph();
    expect(latest.version).toBe(21);
    for (const team of teams) expect(latest.supergraphSdl).toContain(`${team}_status: String`);
    expect(latest.subgraphs).toHaveLength(24);
  });

  it('keeps every version with who published what, diffs any two, and rolls back as a new version', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    await registry.publish({ subgraph: 'accounts', sdl: accountsWithoutEmail, actor: 'accounts-team' });
    const history = await registry.history({ limit: 10 });
    expect(history.map((entry) => [entry.version, entry.action, entry.subgraph, entry.actor])).toEqual([
      [2, 'publish', 'accounts', 'accounts-team'],
      [1, 'seed', null, 'test seed'],
    ]);
    expect(history[0]?.subgraphs).toContainEqual({ name: 'accounts', revision: 2 });

    const diff = await registry.diff(1, 2);
    expect(diff.subgraphs).toContainEqual({ name: 'accounts', status: 'updated', fromRevision: 1, toRevision: 2 });
    expect(diff.subgraphs).toContainEqual({ name: 'products', status: 'unchanged', fromRevision: 1, toRevision: 1 });
    expect(diff.changes).toEqual([expect.objectContaining({ code: 'FIELD_REMOVED', severity: 'breaking', path: 'User.email' })]);

    const rolledBack = await registry.rollback({ version: 1, actor: 'admin' });
    expect(rolledBack).toEqual({ status: 'rolled_back', supergraphVersion: 3, restoredVersion: 1 });
    const latest = await registry.latestSupergraph();
    expect(latest.supergraphHash).toBe((await registry.supergraphVersion(1)).supergraphHash);
    expect((await registry.subgraph('accounts')).revision).toBe(1);
    expect((await registry.history({ limit: 1 }))[0]).toMatchObject({ version: 3, action: 'rollback', restoredVersion: 1, actor: 'admin' });
    expect(await registry.rollback({ version: 1, actor: 'admin' })).toMatchObject({ status: 'unchanged', supergraphVersion: 3 });
    expect((await rejection(registry.rollback({ version: 99, actor: 'admin' }))).code).toBe('VERSION_NOT_FOUND');

    // The next publish of accounts numbers its revision after every earlier one, not after the restored one.
    const republished = await registry.publish({ subgraph: 'accounts', sdl: accountsWithoutEmail, actor: 'accounts-team' });
    expect(republished).toMatchObject({ status: 'published', subgraph: { revision: 3 }, supergraphVersion: 4 });
  });

  it('deletes a subgraph only when the others still compose without it', async () => {
    const registry = await testStore().freshRegistry();
    await seedExampleGraph(registry);
    const refused = await rejection(registry.deleteSubgraph({ subgraph: 'products', actor: 'admin' }));
    expect(refused.code).toBe('COMPOSITION_FAILED');
    expect(refused.details.compositionErrors).toContainEqual(expect.objectContaining({ code: 'EXTERNAL_MISSING_ON_BASE' }));
    expect(await registry.deleteSubgraph({ subgraph: 'reviews', actor: 'admin', dryRun: true })).toMatchObject({ status: 'dry_run' });
    expect((await registry.subgraphs()).map((subgraph) => subgraph.name)).toContain('reviews');

    expect(await registry.deleteSubgraph({ subgraph: 'reviews', actor: 'admin' })).toMatchObject({
      status: 'deleted',
      supergraphVersion: 2,
    });
    expect((await registry.subgraphs()).map((subgraph) => subgraph.name)).toEqual(['accounts', 'inventory', 'products']);
    expect((await registry.latestSupergraph()).supergraphSdl).not.toContain('type Review');
    expect((await rejection(registry.deleteSubgraph({ subgraph: 'reviews', actor: 'admin' }))).code).toBe('SUBGRAPH_NOT_FOUND');
  });

  it('refuses to delete the last subgraph', async () => {
    const registry = await testStore().freshRegistry();
    await registry.publish({ subgraph: 'only', sdl: teamSdl('only'), routingUrl: 'http://only/graphql', actor: 'team' });
    expect((await rejection(registry.deleteSubgraph({ subgraph: 'only', actor: 'admin' }))).code).toBe('LAST_SUBGRAPH');
  });
});
