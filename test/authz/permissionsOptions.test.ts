import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, definePermissions, deny, hasRole, inputRule, type PermissionsOptions, type RuleTree, rule } from '../../src/authz/index.ts';
import type { CreateGatewayOptions } from '../../src/index.ts';
import { startTestIssuer, type TestIssuer } from '../auth/support/testIssuer.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway } from '../support/exampleGraph.ts';
import { startSignedInGateway } from './support/signedInGateway.ts';

describe('rule trees, their options, and where they come from', () => {
  let graph: ExampleGraph;
  let directory: string;
  let issuer: TestIssuer;

  beforeAll(async () => {
    graph = await startExampleGraph();
    issuer = await startTestIssuer();
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-rules-'));
  });
  afterAll(async () => {
    await graph?.close();
    await issuer?.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function answer(rules: RuleTree, options: PermissionsOptions, query: string, variables?: Record<string, unknown>) {
    const gateway = await startSignedInGateway({
      supergraph: { sdl: graph.supergraphSdl },
      permissions: definePermissions(rules, options),
    });
    try {
      graph.received.length = 0;
      const response = await gateway.post({ query, variables }, await gateway.as({ sub: '2' }));
      return response.body;
    } finally {
      await gateway.close();
    }
  }

  it('denies fields no rule covers by default, and allows them with fallbackRule: allow', async () => {
    const tree = { Query: { topProducts: allow }, Product: { name: allow } };
    const denied = await answer(tree, {}, '{ topProducts(first: 1) { name price } users { id } }');
    expect(denied.data).toEqual({ topProducts: [{ name: 'Table', price: null }], users: null });
    expect(denied.errors?.map((error) => error.path)).toEqual([['topProducts', 0, 'price'], ['users']]);
    const open = await answer(tree, { fallbackRule: allow }, '{ topProducts(first: 1) { name price } }');
    expect(open).toEqual({ data: { topProducts: [{ name: 'Table', price: 899 }] } });
  });

  it("applies a type's rule to all its fields and '*' to the fields a type map leaves out", async () => {
    const tree = { Query: allow, Product: { '*': deny, name: allow } };
    const body = await answer(tree, { fallbackRule: allow }, '{ topProducts(first: 1) { name upc } }');
    // upc is non-null: its denial nulls the product.
    expect(body.data).toEqual({ topProducts: [null] });
    expect(body.errors?.[0]?.path).toEqual(['topProducts', 0, 'upc']);
  });

  it('reports fallbackError (a message, or a function of the denial) and keeps the code of a rule’s own GraphQLError', async () => {
    const tree = {
      Query: allow,
      User: { '*': allow, ssn: hasRole('admin'), email: rule()(() => new GraphQLError('Ask HR', { extensions: { code: 'ASK_HR' } })) },
    };
    const text = await answer(tree, { fallbackError: 'Nope.' }, '{ user(id: "1") { ssn email } }');
    expect(text.errors).toEqual([
      { message: 'Nope.', path: ['user', 'ssn'], extensions: { code: 'FORBIDDEN' } },
      { message: 'Ask HR', path: ['user', 'email'], extensions: { code: 'ASK_HR' } },
    ]);
    const mapped = await answer(
      tree,
      { fallbackError: (_thrown, _parent, _args, _context, info) => new Error(`no ${info.fieldName}`) },
      '{ user(id: "1") { ssn } }',
    );
    expect(mapped.errors?.[0]?.message).toBe('no ssn');
  });

  it('hides what a rule threw unless allowExternalErrors is on', async () => {
    const tree = {
      Query: allow,
      User: {
        '*': allow,
        ssn: rule()(() => {
          throw new Error('lookup failed');
        }),
      },
    };
    const hidden = await answer(tree, {}, '{ user(id: "1") { ssn } }');
    expect(hidden.errors?.[0]?.message).toBe('Not authorized to read User.ssn');
    const shown = await answer(tree, { allowExternalErrors: true }, '{ user(id: "1") { ssn } }');
    expect(shown.errors?.[0]?.message).toBe('lookup failed');
  });

  it('evaluates rules with the arguments of the field, variables resolved', async () => {
    const tree = {
      Query: { '*': allow, user: rule()((_parent, args: { id: string }) => args.id !== '1') },
      Mutation: { updatePrice: inputRule()((yup) => yup.object({ price: yup.number().max(5000, 'price above 5000') })) },
      User: allow,
      Product: allow,
    };
    const query = 'query($id: ID!) { user(id: $id) { username } }';
    expect((await answer(tree, {}, query, { id: '2' })).data).toEqual({ user: { username: 'dotansimha' } });
    expect((await answer(tree, {}, query, { id: '1' })).data).toEqual({ user: null });
    const mutation = 'mutation($price: Int!) { updatePrice(upc: "1", price: $price) { price } }';
    const tooHigh = await answer(tree, {}, mutation, { price: 9000 });
    expect(tooHigh.errors?.[0]?.message).toBe('price above 5000');
    expect(graph.received).toEqual([]);
    expect((await answer(tree, {}, mutation, { price: 900 })).data).toEqual({ updatePrice: { price: 900 } });
  });

  async function startWith(options: Partial<CreateGatewayOptions>) {
    const gateway = await startTestGateway({ supergraph: { sdl: graph.supergraphSdl }, ...options });
    await gateway.close();
  }

  it('refuses to start when the rules name types or fields the supergraph does not have', async () => {
    await expect(startWith({ permissions: definePermissions({ Query: allow, Nope: allow }) })).rejects.toThrow(
      'authorization rules do not fit the supergraph: rules name type Nope, which the schema does not have',
    );
    await expect(startWith({ permissions: definePermissions({ User: { nickname: allow } }) })).rejects.toThrow(
      /rules name field User\.nickname/,
    );
    const badFragment = rule({ fragment: 'fragment X on User { shoeSize }' })(() => true);
    await expect(startWith({ permissions: definePermissions({ User: { email: badFragment } }) })).rejects.toThrow(/User\.shoeSize/);
  });

  it('loads the rules from the module named in config, and says what is wrong with a bad one', async () => {
    await expect(startWith({ authorization: { rules: join(directory, 'missing.ts') } })).rejects.toThrow(
      /authorization\.rules: cannot load/,
    );
    await writeFile(join(directory, 'plain.mjs'), 'export default { Query: {} };\n');
    await expect(startWith({ authorization: { rules: join(directory, 'plain.mjs') } })).rejects.toThrow(
      /must `export default definePermissions/,
    );
    await expect(
      startWith({ authorization: { rules: './examples/permissions.ts' }, permissions: definePermissions({ Query: allow }) }),
    ).rejects.toThrow('authorization.rules and the `permissions` option both give rules: use one');
    await expect(startWith({ authorization: { rules: './examples/permissions.ts' } })).resolves.toBeUndefined();
  });
});
