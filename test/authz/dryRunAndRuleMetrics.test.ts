import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';
import { type SignedInGateway, startSignedInGateway } from './support/signedInGateway.ts';

function recordingLogger(lines: Record<string, unknown>[]) {
  return pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    }),
  );
}

const USER_2 = { sub: '2' };
/** ssn: denied before planning (hasRole(admin)); email: per object (isSelf), only user 2's own is allowed. */
const QUERY = '{ users { id name ssn email } }';

/** One series' value from Prometheus text, or undefined when the series is absent. */
function seriesValue(metrics: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    if (wanted.every((label) => labelText.split(',').includes(label))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('authorization.mode and per-rule metrics over the example graph', () => {
  let graph: ExampleGraph;
  let enforcing: SignedInGateway;
  let dryRun: SignedInGateway;
  const enforcingLines: Record<string, unknown>[] = [];
  const dryRunLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    graph = await startExampleGraph();
    enforcing = await startSignedInGateway({
      supergraph: { sdl: graph.supergraphSdl },
      authorization: { rules: './examples/permissions.ts' },
      logger: recordingLogger(enforcingLines),
    });
    dryRun = await startSignedInGateway(
      {
        supergraph: { sdl: graph.supergraphSdl },
        authorization: { rules: './examples/permissions.ts', mode: 'dry_run' },
        logger: recordingLogger(dryRunLines),
      },
      enforcing.issuer,
    );
  });
  afterAll(async () => {
    await dryRun?.close();
    await enforcing?.close();
    await graph?.close();
  });

  it('enforce denies the fields; dry run returns all the data and logs one line naming the would-be denials', async () => {
    const denied = await enforcing.post({ query: QUERY }, await enforcing.as(USER_2));
    const deniedUsers = (denied.body.data as { users: { ssn: unknown; email: unknown }[] }).users;
    expect(deniedUsers.every((user) => user.ssn === null)).toBe(true);
    expect(deniedUsers.filter((user) => user.email !== null)).toHaveLength(1);
    expect(denied.body.errors?.length).toBe(6 + 5);
    expect(enforcingLines.some((line) => line.msg === 'authorization dry run: would deny')).toBe(false);

    graph.received.length = 0;
    const served = await dryRun.post({ query: QUERY }, { ...(await dryRun.as(USER_2)), 'x-request-id': 'dry-1' });
    expect(served.body.errors).toBeUndefined();
    const users = (served.body.data as { users: { ssn: unknown; email: unknown }[] }).users;
    expect(users).toHaveLength(6);
    expect(users.every((user) => typeof user.ssn === 'string' && typeof user.email === 'string')).toBe(true);
    expect(graph.received.map((entry) => entry.operation.query).join('\n')).toMatch(/ssn/);

    const logged = dryRunLines.filter((line) => line.msg === 'authorization dry run: would deny');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      request_id: 'dry-1',
      would_deny: expect.arrayContaining([
        { field: 'User.ssn', rule: 'hasRole(admin)', path: 'users.ssn', count: 1 },
        { field: 'User.email', rule: 'or(chain(isAuthenticated, isSelf), hasScope(read:profile))', path: 'users.0.email', count: 5 },
      ]),
    });
  });

  it('dry run logs nothing for a request that nothing would deny', async () => {
    const before = dryRunLines.length;
    const served = await dryRun.post({ query: '{ users { name } }' });
    expect(served.body.errors).toBeUndefined();
    expect(dryRunLines.slice(before).some((line) => line.msg === 'authorization dry run: would deny')).toBe(false);
  });

  it('counts decisions by rule, field and outcome at /metrics, shows rules that never fired as 0, and times evaluation', async () => {
    const before = await (await fetch(new URL('/metrics', enforcing.url))).text();
    const deniedBefore = seriesValue(before, 'gatehouse_authorization_decisions_total', { field: 'User.ssn', outcome: 'denied' }) ?? 0;
    await enforcing.post({ query: '{ users { ssn } }' });
    await enforcing.post({ query: QUERY }, await enforcing.as(USER_2));
    const metrics = await (await fetch(new URL('/metrics', enforcing.url))).text();
    const decisions = (field: string, outcome: string) =>
      seriesValue(metrics, 'gatehouse_authorization_decisions_total', { field, outcome });
    // Decided once per request before planning: two requests.
    expect(decisions('User.ssn', 'denied')).toBe(deniedBefore + 2);
    expect(metrics).toContain('gatehouse_authorization_decisions_total{rule="hasRole(admin)",field="User.ssn",outcome="denied"}');
    // Decided per user object after the fetch: one allowed (user 2's own), five denied.
    expect(decisions('User.email', 'allowed')).toBeGreaterThanOrEqual(1);
    expect(decisions('User.email', 'denied')).toBeGreaterThanOrEqual(5);
    // No request read updatePrice: its series is there, at 0.
    expect(seriesValue(metrics, 'gatehouse_authorization_decisions_total', { field: 'Mutation.updatePrice', outcome: 'allowed' })).toBe(0);
    expect(metrics).toContain('rule="hasScope(write:products)",field="Mutation.updatePrice"');
    expect(metrics).toMatch(/^gatehouse_authorization_evaluation_seconds_count [1-9]/m);
  });

  it('dry run counts what would have been denied as denied', async () => {
    await dryRun.post({ query: '{ users { ssn } }' });
    const metrics = await (await fetch(new URL('/metrics', dryRun.url))).text();
    expect(seriesValue(metrics, 'gatehouse_authorization_decisions_total', { field: 'User.ssn', outcome: 'denied' })).toBeGreaterThan(0);
  });
});
