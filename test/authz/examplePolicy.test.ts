import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchQuery, type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { type SignedInGateway, startSignedInGateway } from './support/signedInGateway.ts';

/** Every operation text the subgraphs received since the last reset, one string. */
function receivedText(graph: ExampleGraph): string {
  return graph.received.map((entry) => `${entry.subgraph}: ${entry.operation.query}`).join('\n');
}

const ADMIN = { sub: '9', roles: ['admin'], scope: 'read:profile' };
const USER_2 = { sub: '2' };

describe('the example graph under examples/permissions.ts, loaded from config', () => {
  let graph: ExampleGraph;
  let gateway: SignedInGateway;
  let unguarded: TestGateway;

  beforeAll(async () => {
    graph = await startExampleGraph();
    unguarded = await startTestGateway({ supergraph: { sdl: graph.supergraphSdl } });
    // Subgraph batching and entity deduplication on: the access rules must hold with every round-trip optimisation.
    gateway = await startSignedInGateway({
      supergraph: { sdl: graph.supergraphSdl },
      authorization: { rules: './examples/permissions.ts' },
      subgraphs: { all: { batching: true, deduplicate_entities: true } },
    });
  });
  afterAll(async () => {
    await unguarded?.close();
    await gateway?.close();
    await graph?.close();
  });

  async function post(query: string, caller?: Parameters<SignedInGateway['as']>[0], variables?: Record<string, unknown>) {
    graph.received.length = 0;
    const response = await gateway.post({ query, ...(variables ? { variables } : {}) }, await gateway.as(caller));
    expect(response.status).toBe(200);
    return response.body;
  }

  it('answers the benchmark query exactly as a gateway without authorization does, with and without a token', async () => {
    // federatedQuery.test.ts checks that gateway's answer against the benchmark's expected.json.
    const expected = (await unguarded.post({ query: benchQuery })).body;
    expect(expected.errors).toBeUndefined();
    expect(await post(benchQuery)).toEqual(expected);
    expect(await post(benchQuery, USER_2)).toEqual(expected);
    expect(await post(benchQuery, ADMIN)).toEqual(expected);
  });

  it('returns null and a coded error at each path of a denied field, and never asks a subgraph for it', async () => {
    const body = await post('{ users { name ssn } }');
    expect(body.data?.users).toHaveLength(6);
    expect(((body.data as Record<string, unknown>).users as { ssn: unknown }[]).every((user) => user.ssn === null)).toBe(true);
    expect(body.errors?.[0]).toEqual({
      message: 'Not authorized to read User.ssn',
      path: ['users', 0, 'ssn'],
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(body.errors?.map((error) => error.path)).toEqual([0, 1, 2, 3, 4, 5].map((index) => ['users', index, 'ssn']));
    expect(receivedText(graph)).not.toMatch(/ssn/);

    const signedIn = await post('{ users { name ssn } }', USER_2);
    expect(signedIn.errors?.every((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(receivedText(graph)).not.toMatch(/ssn/);

    const admin = await post('{ users { name ssn } }', ADMIN);
    expect(admin.errors).toBeUndefined();
    expect(((admin.data as Record<string, unknown>).users as { ssn: string }[])[0]?.ssn).toBe('000-00-0001');
  });

  it('denies a field reached through an alias, a named fragment, an inline fragment or a variable-driven @include', async () => {
    const attempts = [
      '{ users { name secret: ssn } }',
      'fragment Private on User { ssn } { users { name ...Private } }',
      '{ users { name ... on User { ssn } ... { paymentMethods { last4 } } } }',
      'query($yes: Boolean!) { users { name ssn @include(if: $yes) } }',
      '{ users { __typename name ssn } }',
      '{ users { name __typename: ssn } }',
    ];
    for (const query of attempts) {
      const body = await post(query, USER_2, { yes: true });
      expect(body.errors?.length, query).toBeGreaterThan(0);
      expect(
        body.errors?.every((error) => error.extensions?.code === 'FORBIDDEN'),
        query,
      ).toBe(true);
      expect(receivedText(graph), query).not.toMatch(/ssn|paymentMethods|last4/);
      expect(JSON.stringify(body.data), query).not.toMatch(/000-00|4241/);
    }
    const aliased = await post('{ users { name secret: ssn } }', USER_2);
    expect(aliased.errors?.[0]?.path).toEqual(['users', 0, 'secret']);
    expect(((aliased.data as Record<string, unknown>).users as Record<string, unknown>[])[0]).toEqual({
      name: 'Uri Goldshtein',
      secret: null,
    });
  });

  it('reports nothing for a denied field that @skip or @include leaves out', async () => {
    const body = await post('query($yes: Boolean!) { users { name ssn @include(if: $yes) } }', USER_2, { yes: false });
    expect(body.errors).toBeUndefined();
    expect(((body.data as Record<string, unknown>).users as Record<string, unknown>[])[0]).toEqual({ name: 'Uri Goldshtein' });
  });

  it('lets a user read their own email (a rule over the fetched parent) but not anyone else’s', async () => {
    const own = await post('{ user(id: "2") { username email } }', USER_2);
    expect(own).toEqual({ data: { user: { username: 'dotansimha', email: 'dotansimha@example.com' } } });
    const other = await post('{ user(id: "3") { username email } }', USER_2);
    expect(other.data).toEqual({ user: { username: 'kamilkisiela', email: null } });
    expect(other.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['user', 'email'], 'FORBIDDEN']]);
    // The id the rule needed was fetched under a reserved alias and is not in the answer.
    expect(JSON.stringify(other)).not.toMatch(/_gatehouse_/);
    const reader = await post('{ user(id: "3") { email } }', { sub: '2', scope: 'read:profile' });
    expect(reader).toEqual({ data: { user: { email: 'kamilkisiela@example.com' } } });
  });

  it('reads a field a rule needs from the client’s own selection when it is sure to be there, and fetches it otherwise', async () => {
    // isSelf reads User.id. Selected by the client: nothing is added to the subgraph operation.
    const selected = await post('{ user(id: "3") { id username email } }', USER_2);
    expect(selected.data).toEqual({ user: { id: '3', username: 'kamilkisiela', email: null } });
    expect(selected.errors?.map((error) => error.path)).toEqual([['user', 'email']]);
    expect(receivedText(graph)).not.toMatch(/_gatehouse_/);
    expect(await post('{ user(id: "2") { id email } }', USER_2)).toEqual({ data: { user: { id: '2', email: 'dotansimha@example.com' } } });
    // Through a named fragment on the type, as the benchmark query selects it.
    const viaFragment = '{ user(id: "2") { ...Who email } } fragment Who on User { id }';
    expect(await post(viaFragment, USER_2)).toEqual({ data: { user: { id: '2', email: 'dotansimha@example.com' } } });
    expect(receivedText(graph)).not.toMatch(/_gatehouse_/);
    // Selected only when a variable says so, or under another field's key: fetched under a reserved alias, left out of the answer.
    const conditional = 'query ($withId: Boolean!) { user(id: "2") { id @include(if: $withId) email } }';
    expect(await post(conditional, USER_2, { withId: false })).toEqual({ data: { user: { email: 'dotansimha@example.com' } } });
    expect(receivedText(graph)).toMatch(/_gatehouse_\w*id:\s*id\b/);
    expect(await post('{ user(id: "2") { id: name email } }', USER_2)).toEqual({
      data: { user: { id: 'Dotan Simha', email: 'dotansimha@example.com' } },
    });
    expect(receivedText(graph)).toMatch(/_gatehouse_\w*id:\s*id\b/);
  });

  it('answers in the query’s field order, allowed or denied, with nothing the gateway fetched for a rule', async () => {
    const query = '{ users { email name reviews { product { upc name } body } id } }';
    const keysOf = (body: Awaited<ReturnType<typeof post>>) =>
      ((body.data as { users: Record<string, unknown>[] }).users ?? []).map((user) => JSON.stringify(Object.keys(user)));
    for (const caller of [USER_2, ADMIN]) {
      const body = await post(query, caller);
      expect(new Set(keysOf(body))).toEqual(new Set(['["email","name","reviews","id"]']));
      expect(JSON.stringify(body)).not.toMatch(/_gatehouse_/);
      const reviews = (body.data as { users: { reviews: Record<string, unknown>[] }[] }).users.flatMap((user) => user.reviews);
      expect(new Set(reviews.map((review) => JSON.stringify(Object.keys(review))))).toEqual(new Set(['["product","body"]']));
    }
    const denied = await post(query, USER_2);
    // Everyone's email but the caller's own (user 2, the second of the list).
    const deniedPaths = denied.errors?.map((error) => error.path?.join('.')) ?? [];
    expect(deniedPaths).not.toContain('users.1.email');
    expect(deniedPaths).toContain('users.0.email');
  });

  it('never asks a subgraph for a parent-dependent field when the caller is anonymous', async () => {
    const body = await post('{ user(id: "1") { username email birthday } }');
    expect(body.data).toEqual({ user: { username: 'urigo', email: null, birthday: null } });
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(receivedText(graph)).not.toMatch(/email|birthday/);
  });

  it('decides the mutation before anything runs: without write:products the products subgraph never sees it', async () => {
    const query = 'mutation { updatePrice(upc: "2", price: 1) { upc price } }';
    const denied = await post(query, USER_2);
    expect(denied).toEqual({
      data: { updatePrice: null },
      errors: [{ message: 'Not authorized to read Mutation.updatePrice', path: ['updatePrice'], extensions: { code: 'FORBIDDEN' } }],
    });
    expect(graph.received).toEqual([]);
    const allowed = await post(query, { sub: '2', scope: 'write:products' });
    expect(allowed).toEqual({ data: { updatePrice: { upc: '2', price: 1 } } });
  });

  it('requires a signed-in user for me', async () => {
    expect(await post('{ me { username } }')).toEqual({
      data: { me: null },
      errors: [{ message: 'Not authorized to read Query.me', path: ['me'], extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(graph.received).toEqual([]);
    expect(await post('{ me { username } }', USER_2)).toEqual({ data: { me: { username: 'urigo' } } });
  });

  it('gives two principals sending the same query at the same time exactly their own view', async () => {
    const query = '{ users { id name email ssn paymentMethods { last4 } } }';
    const [adminHeaders, userHeaders] = [await gateway.as(ADMIN), await gateway.as(USER_2)];
    graph.received.length = 0;
    const rounds = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        index % 2 === 0
          ? gateway.post({ query }, adminHeaders).then((r) => ['admin', r.body] as const)
          : gateway.post({ query }, userHeaders).then((r) => ['user', r.body] as const),
      ),
    );
    for (const [who, body] of rounds) {
      const users = body.data?.users as { id: string; email: unknown; ssn: unknown; paymentMethods: unknown }[];
      if (who === 'admin') {
        expect(body.errors).toBeUndefined();
        expect(users.every((user) => typeof user.ssn === 'string' && Array.isArray(user.paymentMethods))).toBe(true);
      } else {
        expect(users.every((user) => user.ssn === null && user.paymentMethods === null)).toBe(true);
        expect(users.filter((user) => user.email !== null).map((user) => user.id)).toEqual(['2']);
        expect(new Set(body.errors?.map((error) => error.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
      }
    }
    // The user's operations (with ssn pruned) and the admin's are different plans: none of the user's asked for ssn.
    const accountsQueries = graph.received.filter((entry) => entry.subgraph === 'accounts').map((entry) => entry.operation.query);
    expect(accountsQueries.filter((text) => text.includes('ssn'))).toHaveLength(5);
    expect(accountsQueries.filter((text) => !text.includes('ssn'))).toHaveLength(5);
  });

  it('shows the same schema to everyone through introspection', async () => {
    const query = '{ __type(name: "User") { fields { name } } __schema { types { name } } }';
    const anonymous = await post(query);
    expect(await post(query, ADMIN)).toEqual(anonymous);
    expect(JSON.stringify(anonymous)).toContain('"ssn"');
    expect(anonymous.errors).toBeUndefined();
  });

  it('never lets _entities or _service through, and refuses batched requests', async () => {
    for (const query of [
      '{ _entities(representations: [{ __typename: "User", id: "1" }]) { ... on User { ssn } } }',
      '{ _service { sdl } }',
    ]) {
      graph.received.length = 0;
      const response = await gateway.post({ query }, await gateway.as(ADMIN));
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(graph.received).toEqual([]);
    }
    graph.received.length = 0;
    const batch = await gateway.post([{ query: '{ users { name } }' }, { query: '{ users { ssn } }' }], await gateway.as(USER_2));
    expect(batch.status).toBe(400);
    expect(graph.received).toEqual([]);
  });

  it('authorizes every operation of a batch on its own when batching is on', async () => {
    const batching = await startSignedInGateway(
      { supergraph: { sdl: graph.supergraphSdl }, authorization: { rules: './examples/permissions.ts' }, batching: { enabled: true } },
      gateway.issuer,
    );
    try {
      graph.received.length = 0;
      const response = await batching.post(
        [{ query: '{ user(id: "1") { name } }' }, { query: '{ user(id: "1") { ssn } }' }],
        await batching.as(USER_2),
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { data: { user: { name: 'Uri Goldshtein' } } },
        {
          data: { user: { ssn: null } },
          errors: [{ message: 'Not authorized to read User.ssn', path: ['user', 'ssn'], extensions: { code: 'FORBIDDEN' } }],
        },
      ]);
      expect(receivedText(graph)).not.toMatch(/ssn/);
    } finally {
      await batching.close();
    }
  });
});
