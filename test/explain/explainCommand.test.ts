import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainCommand } from '../../src/cli/commands/explain.ts';

describe('gatehouse explain, offline, over the example supergraph and examples/permissions.ts', () => {
  let directory: string;
  let config: string;
  let query: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-explain-'));
    config = join(directory, 'gatehouse.yaml');
    query = join(directory, 'q.graphql');
    await writeFile(
      config,
      `supergraph:\n  file: ${resolve('schema/supergraph.graphql')}\nauthorization:\n  rules: ${resolve('examples/permissions.ts')}\nlimits:\n  max_depth: 3\n`,
    );
    await writeFile(query, '{ users { name ssn email } }');
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<string> {
    const out: string[] = [];
    await explainCommand.run(args, { stdout: (line) => out.push(line), stderr: () => {} });
    return out.join('\n');
  }

  it('prints the limits, cost, removed fields with their rules, the per-object rules and the plan at a terminal', async () => {
    const text = await run(['--config', config, '--query', query, '--sub', '2']);
    expect(text).toContain('Caller: 2');
    expect(text).toMatch(/ok {4}max_depth +1 \/ 3/);
    expect(text).toMatch(/Cost: 6 .*\n +6 +Query\.users/);
    expect(text).toContain('removed  users.ssn  (User.ssn)  denied by hasRole(admin)  [User.ssn: hasRole(admin)]');
    expect(text).toContain(
      'per object  User.email  or(chain(isAuthenticated, isSelf), hasScope(read:profile)): decided per object at run time',
    );
    expect(text).toMatch(/accounts: 1 fetch\n +\{users\{name email [^}]*\}\}/);
    expect(text).not.toMatch(/\{users\{[^\n]*ssn/);
  });

  it('prints JSON with --format json; an admin keeps ssn, an anonymous caller loses email before planning', async () => {
    const admin = JSON.parse(await run(['--config', config, '--query', query, '--sub', '9', '--role', 'admin', '--format', 'json']));
    expect(admin.explain.authorization.removed).toEqual([]);
    expect(admin.explain.plan[0].operations[0]).toContain('ssn');
    const anonymous = JSON.parse(await run(['--config', config, '--query', query, '--format', 'json']));
    expect(anonymous.explain.principal).toEqual({ authenticated: false, scopes: [], roles: [] });
    expect(anonymous.explain.authorization.removed.map((denial: { field: string }) => denial.field)).toEqual(['User.ssn', 'User.email']);
  });

  it('shows the refusal and the limit it exceeded, without planning', async () => {
    const deep = join(directory, 'deep.graphql');
    await writeFile(deep, '{ users { reviews { product { reviews { body } } } } }');
    const result = JSON.parse(await run(['--config', config, '--query', deep, '--format', 'json']));
    expect(result.refusal.code).toBe('MAX_DEPTH_EXCEEDED');
    expect(result.explain.limits).toContainEqual({ limit: 'max_depth', measured: 4, max: 3, exceeded: true });
    expect(result.explain.plan).toBeUndefined();
  });

  it('names the file and the problem for an operation the supergraph does not have', async () => {
    const wrong = join(directory, 'wrong.graphql');
    await writeFile(wrong, '{ nope }');
    await expect(run(['--config', config, '--query', wrong])).rejects.toThrow(
      `error: ${wrong}: Cannot query field "nope" on type "Query".`,
    );
  });
});
