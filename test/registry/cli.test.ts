import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryCommand } from '../../src/cli/commands/registry.ts';
import { subgraphCommand } from '../../src/cli/commands/subgraph.ts';
import { supergraphCommand } from '../../src/cli/commands/supergraph.ts';
import { openRegistryStore, Registry, type RegistryStore } from '../../src/registry/index.ts';
import { findClosedPort } from '../support/ports.ts';
import { startGatewayProcess } from './support/gatehouseProcess.ts';
import { greetingsV1, startGreetingsSubgraph } from './support/greetingsSubgraph.ts';
import { startTestRegistryServer, TEST_ADMIN_TOKEN, type TestRegistryServer } from './support/registryServer.ts';
import { runCliWithInput, runCommand } from './support/runCommand.ts';
import { accountsSdl, accountsWithoutEmail, seedExampleGraph, teamSdl } from './support/schemas.ts';

describe('the rover-shaped registry commands', () => {
  let store: RegistryStore;
  let registry: Registry;
  let server: TestRegistryServer;
  let directory: string;
  let registryFlags: string[];
  const file = async (name: string, text: string) => {
    const path = join(directory, name);
    await writeFile(path, text);
    return path;
  };

  beforeAll(async () => {
    [store, directory] = await Promise.all([openRegistryStore({}), mkdtemp(join(tmpdir(), 'gatehouse-cli-'))]);
    registry = await Registry.open(store);
    await seedExampleGraph(registry);
    server = await startTestRegistryServer(registry);
    registryFlags = ['--registry', server.url, '--token', TEST_ADMIN_TOKEN];
  }, 90_000);
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const subgraph = (...args: string[]) => runCommand(subgraphCommand, [...args, ...registryFlags]);
  const supergraph = (...args: string[]) => runCommand(supergraphCommand, [...args, ...registryFlags]);

  it('publishes a new subgraph, then says an identical republish changed nothing', async () => {
    const schema = await file('shipping.graphql', teamSdl('shipping'));
    const created = await subgraph('publish', 'shipping', '--schema', schema, '--routing-url', 'http://127.0.0.1:9/graphql');
    expect(created.code).toBe(0);
    expect(created.stderr).toBe(`Publishing SDL to default@current (subgraph: shipping) using the registry at ${server.url}.`);
    expect(created.stdout).toBe(
      "A new subgraph called 'shipping' was created in default@current.\n" +
        "The supergraph schema for default@current was updated, composed from the updated 'shipping' subgraph: version 2.",
    );
    const again = await subgraph('publish', 'shipping', '--schema', schema);
    expect(again).toMatchObject({
      code: 0,
      stdout: "There were no changes detected in subgraph 'shipping' (revision 1); the supergraph stays at version 2.",
    });
  });

  it('fails a check with a breaking change (exit 1, E030), passes it with --allow-breaking, and speaks JSON for CI', async () => {
    const schema = await file('accounts.graphql', accountsWithoutEmail);
    const failed = await subgraph('check', 'accounts', '--schema', schema);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /FAIL\s+FIELD_REMOVED\s+Field 'email' was removed from object type 'User' — breaking, but unused by any client/,
    );
    expect(failed.stderr).toContain('error[E030]: this check found 1 breaking schema change.');

    expect((await subgraph('check', 'accounts', '--schema', schema, '--allow-breaking')).code).toBe(0);

    const json = await subgraph('check', 'accounts', '--schema', schema, '--format', 'json');
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    const envelope = JSON.parse(json.stdout);
    expect(envelope).toMatchObject({
      json_version: '1',
      data: { success: false, passed: false, failures: ['BREAKING_CHANGES'] },
      error: { code: 'E030' },
    });
    expect(envelope.data.apiChanges[0]).toMatchObject({ code: 'FIELD_REMOVED', severity: 'breaking', blocking: true });
  });

  it('rejects a publish that breaks composition with exit 1 and the composition errors, as rover prints them', async () => {
    const schema = await file('broken.graphql', 'type Query { me: Usr }');
    const result = await subgraph('publish', 'accounts', '--schema', schema);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[E029]: Encountered 1 build error while trying to build a supergraph.');
    expect(result.stderr).toContain('INVALID_GRAPHQL: [accounts] Unknown type Usr');
    const json = await subgraph('publish', 'accounts', '--schema', schema, '--format', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      data: { success: false },
      error: { code: 'COMPOSITION_FAILED', compositionErrors: [{ code: 'INVALID_GRAPHQL' }] },
    });
  });

  it('lists and fetches subgraphs, and names the fix when one does not exist', async () => {
    const listed = await subgraph('list');
    expect(listed.stdout.split('\n')[0]).toMatch(/^Name\s+Routing Url\s+Revision\s+Last Updated\s+By$/);
    expect(listed.stdout).toMatch(/^accounts\s+http:\/\/127\.0\.0\.1:9\/accounts\s+1\s/m);
    expect((await subgraph('fetch', 'accounts')).stdout).toBe(accountsSdl.trimEnd());
    const missing = await subgraph('fetch', 'nothing');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error[SUBGRAPH_NOT_FOUND]: there is no subgraph "nothing" in default@current');
    expect(missing.stderr).toContain('Suggestion: see `gatehouse subgraph list`');
  });

  it('fetches the supergraph, lists its history, diffs two versions and rolls back', async () => {
    const fetched = await supergraph('fetch');
    expect(fetched.stdout).toBe((await registry.latestSupergraph()).supergraphSdl.trimEnd());
    expect((await supergraph('fetch', '--version', '1')).stdout).toBe((await registry.supergraphVersion(1)).supergraphSdl.trimEnd());

    await registry.publish({ subgraph: 'accounts', sdl: accountsWithoutEmail, actor: 'accounts-team' });
    const latest = (await registry.latestSupergraph()).version;
    const history = await supergraph('history', '--limit', '2');
    expect(history.stdout).toMatch(new RegExp(`^${latest}\\s+publish accounts\\s+accounts-team\\s`, 'm'));

    const diff = await supergraph('diff', String(latest - 1), String(latest));
    expect(diff.stdout).toContain('subgraph accounts: updated (revision 1 → 2)');
    expect(diff.stdout).toMatch(/BREAKING\s+FIELD_REMOVED\s+Field 'email' was removed/);

    const rolledBack = await supergraph('rollback', String(latest - 1));
    expect(rolledBack).toMatchObject({
      code: 0,
      stdout: `Rolled back default@current: version ${latest + 1} restores version ${latest - 1}'s supergraph.`,
    });
    expect((await supergraph('rollback', '0')).code).toBe(2);
  });

  it("refuses a team token's delete of another team's subgraph, and dry-runs and deletes its own", async () => {
    const created = await runCommand(registryCommand, [
      'token',
      'create',
      '--name',
      'shipping team',
      '--role',
      'subgraph',
      '--subgraph',
      'shipping',
      ...registryFlags,
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout;
    expect(token).toMatch(/^ght_/);
    const asTeam = (...args: string[]) => runCommand(subgraphCommand, [...args, '--registry', server.url, '--token', token]);

    const refused = await asTeam('delete', 'accounts');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error[FORBIDDEN]: a token for subgraph "shipping" may not delete subgraph "accounts"');
    expect((await asTeam('delete', 'shipping', '--dry-run')).stdout).toBe(
      "Deleting subgraph 'shipping' would leave a supergraph that composes.",
    );
    expect((await asTeam('delete', 'shipping')).stdout).toMatch(
      /^Subgraph 'shipping' was deleted from default@current; the supergraph is now version \d+\.$/,
    );

    const audit = await runCommand(registryCommand, ['audit-log', '--limit', '5', ...registryFlags]);
    expect(audit.stdout).toMatch(/token:[0-9a-f]{16} \(shipping team\)\s+subgraph\.delete\s+accounts\s+rejected/);

    const listed = await runCommand(registryCommand, ['token', 'list', ...registryFlags]);
    const id = /^([0-9a-f]{16})\s+shipping team/m.exec(listed.stdout)?.[1] ?? '';
    expect((await runCommand(registryCommand, ['token', 'revoke', id, ...registryFlags])).stdout).toBe(`Token ${id} was revoked.`);
    expect((await asTeam('list')).stderr).toContain('error[UNAUTHENTICATED]');
  });

  it('exits 2 when no registry is named and 3 when it cannot be reached', async () => {
    const saved = process.env.GATEHOUSE_REGISTRY_URL;
    delete process.env.GATEHOUSE_REGISTRY_URL;
    try {
      const unnamed = await runCommand(subgraphCommand, ['list']);
      expect(unnamed.code).toBe(2);
      expect(unnamed.stderr).toContain('Suggestion: set GATEHOUSE_REGISTRY_URL or pass --registry');
    } finally {
      if (saved !== undefined) process.env.GATEHOUSE_REGISTRY_URL = saved;
    }
    const unreachable = await runCommand(subgraphCommand, ['list', '--registry', `http://127.0.0.1:${await findClosedPort()}`]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/could not reach the registry at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect((await subgraph('publish', 'accounts')).code).toBe(2);
    expect((await subgraph('frobnicate')).code).toBe(2);
  });

  it('prints a running subgraph’s SDL with introspect', async () => {
    const greetings = await startGreetingsSubgraph();
    try {
      const result = await runCommand(subgraphCommand, ['introspect', greetings.url]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('farewell: String');
    } finally {
      await greetings.close();
    }
  });

  it('reads --schema - from stdin and sets the exit code in the real binary', async () => {
    const env = { GATEHOUSE_REGISTRY_URL: server.url, GATEHOUSE_TOKEN: TEST_ADMIN_TOKEN };
    const published = await runCliWithInput(
      ['subgraph', 'publish', 'greetings', '--schema', '-', '--routing-url', 'http://127.0.0.1:9/g'],
      greetingsV1,
      env,
    );
    expect(published.code).toBe(0);
    expect(published.stdout).toContain("A new subgraph called 'greetings' was created");
    const failedCheck = await runCliWithInput(
      ['subgraph', 'check', 'accounts', '--schema', '-', '--format', 'json'],
      accountsWithoutEmail,
      env,
    );
    expect(failedCheck.code).toBe(1);
    expect(JSON.parse(failedCheck.stdout).data.success).toBe(false);
  }, 60_000);

  it('starts a gateway that follows the registry with `start --registry`, keeping a cached copy', async () => {
    const gateway = await startGatewayProcess(['--registry', server.url, '--token', TEST_ADMIN_TOKEN], { cwd: directory });
    try {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
      const cached = await readFile(join(directory, '.gatehouse/registry-supergraph.graphql'), 'utf8');
      expect(cached).toBe((await registry.latestSupergraph()).supergraphSdl);
    } finally {
      await gateway.kill('SIGTERM');
    }
  }, 60_000);
});
