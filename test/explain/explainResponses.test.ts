import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, type SignedInGateway, startSignedInGateway } from '../authz/support/signedInGateway.ts';
import { type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';

/** User 2, allowed to see explanations by its role. */
const SUPPORT = { sub: '2', roles: ['support'] };
const USER_2 = { sub: '2' };
const QUERY = '{ users { name ssn email } }';

interface Explained {
  principal: Record<string, unknown>;
  limits: { limit: string; measured: number; max: number; exceeded: boolean }[];
  cost: { estimate: number; max: number; mode: string; topFields: { field: string; cost: number }[] };
  budget?: { limit: number; before: number; after: number };
  authorization: { mode: string; removed: unknown[]; perObject: unknown[] };
  plan: { subgraph: string; fetches: number; operations: string[] }[];
}

describe('extensions.explain for callers explain.allow names', () => {
  let graph: ExampleGraph;
  let gateway: SignedInGateway;

  beforeAll(async () => {
    graph = await startExampleGraph();
    gateway = await startSignedInGateway({
      supergraph: { sdl: graph.supergraphSdl },
      authorization: { rules: './examples/permissions.ts' },
      explain: { allow: { roles: ['support'] } },
      limits: { max_depth: 3, rate: { budget: 1_000_000 } },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.close();
  });

  const post = async (caller: Caller | undefined, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    gateway.post(body, { ...(await gateway.as(caller)), ...headers });

  it('explains the limits, cost, budget, the removed fields with their rules, the per-object rules and the plan', async () => {
    const { body } = await post(SUPPORT, { query: QUERY }, { 'gatehouse-explain': '1' });
    const explain = (body.extensions as { explain?: Explained } | undefined)?.explain as Explained;
    expect(explain.principal).toEqual({ authenticated: true, subject: '2', scopes: [], roles: ['support'] });
    expect(explain.limits).toContainEqual({ limit: 'max_depth', measured: 1, max: 3, exceeded: false });
    expect(explain.cost).toMatchObject({ estimate: expect.any(Number), mode: expect.any(String) });
    // Without users nothing is left: it carries the whole estimate.
    expect(explain.cost.topFields[0]).toEqual({ field: 'Query.users', cost: explain.cost.estimate });
    expect(explain.budget).toEqual({ limit: 1_000_000, windowSeconds: 60, before: expect.any(Number), after: expect.any(Number) });
    expect((explain.budget?.before ?? 0) - (explain.budget?.after ?? 0)).toBe(explain.cost.estimate);
    expect(explain.authorization).toEqual({
      mode: 'enforce',
      removed: [
        {
          path: 'users.ssn',
          field: 'User.ssn',
          rule: 'hasRole(admin)',
          decidedBy: [{ origin: 'field rule', at: 'User.ssn', rule: 'hasRole(admin)' }],
        },
      ],
      perObject: [
        {
          field: 'User.email',
          rule: 'or(chain(isAuthenticated, isSelf), hasScope(read:profile))',
          decidedBy: [{ origin: 'field rule', at: 'User.email', rule: 'or(chain(isAuthenticated, isSelf), hasScope(read:profile))' }],
          evaluated: 6,
          denied: 5,
        },
      ],
    });
    expect(explain.plan).toEqual([{ subgraph: 'accounts', fetches: 1, operations: [expect.stringContaining('email')] }]);
    expect(explain.plan[0]?.operations[0]).not.toContain('ssn');
    // The answer itself is what anyone gets.
    expect(body.errors?.length).toBe(6 + 5);
  });

  it('names the fields that weigh most in the cost estimate, heaviest first', async () => {
    const { body } = await post(
      SUPPORT,
      { query: '{ topProducts(first: 5) { name reviews { body author { name } } } }' },
      { 'gatehouse-explain': '1' },
    );
    const { cost } = (body.extensions as { explain: Explained }).explain;
    expect(cost.topFields.map((field) => field.field).slice(0, 3)).toEqual(['Query.topProducts', 'Product.reviews', 'Review.author']);
    expect(cost.topFields[0]?.cost).toBe(cost.estimate);
    expect(cost.topFields[1]?.cost).toBeLessThan(cost.estimate);
  });

  it('answers extensions: { explain: true } in the body the same way', async () => {
    const { body } = await post(SUPPORT, { query: QUERY, extensions: { explain: true } });
    expect((body.extensions as { explain: Explained }).explain.authorization.removed).toHaveLength(1);
  });

  it('ignores the header and the extension for a caller explain.allow does not name', async () => {
    const anonymous = await post(undefined, { query: QUERY, extensions: { explain: true } }, { 'gatehouse-explain': '1' });
    expect(anonymous.body.extensions).toBeUndefined();
    const user = await post(USER_2, { query: QUERY }, { 'gatehouse-explain': '1' });
    expect(user.body.extensions).toBeUndefined();
    expect(user.body.errors?.length).toBe(6 + 5);
  });

  it('puts the explanation in the error of a refused request', async () => {
    const deep = '{ users { paymentMethods { brand } reviews { product { reviews { body } } } } }';
    const { status, body } = await post(SUPPORT, { query: deep }, { 'gatehouse-explain': '1' });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('MAX_DEPTH_EXCEEDED');
    const explain = body.errors?.[0]?.extensions?.explain as Explained;
    expect(explain.limits).toContainEqual({ limit: 'max_depth', measured: 4, max: 3, exceeded: true });
    expect(explain.principal.subject).toBe('2');
  });
});
