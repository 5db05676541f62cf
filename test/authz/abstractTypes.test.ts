import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, definePermissions, deny, hasRole, rule } from '../../src/authz/index.ts';
import { type BankGraph, startBankGraph } from './support/bankGraph.ts';
import { type Caller, type SignedInGateway, startSignedInGateway } from './support/signedInGateway.ts';

const BANKER = { sub: 'b', roles: ['banker'] };
const AUDITOR = { sub: 'a', roles: ['auditor'] };
const CLERK = { sub: 'c' };

const permissions = definePermissions(
  {
    Query: allow,
    Person: { '*': allow, balance: hasRole('banker'), ssn: hasRole('banker') },
    Company: {
      '*': allow,
      taxId: hasRole('auditor'),
      owner: rule('explodes')(() => {
        throw new Error('rule bug');
      }),
    },
    Vault: allow,
    Document: allow,
  },
  { fallbackRule: deny },
);

describe('interfaces, unions and non-null fields under field rules', () => {
  let bank: BankGraph;
  let gateway: SignedInGateway;

  beforeAll(async () => {
    bank = await startBankGraph();
    gateway = await startSignedInGateway({ supergraph: { sdl: bank.supergraphSdl }, permissions });
  });
  afterAll(async () => {
    await gateway?.close();
    await bank?.close();
  });

  async function post(query: string, caller?: Caller) {
    bank.received.length = 0;
    const response = await gateway.post({ query }, await gateway.as(caller));
    expect(response.status).toBe(200);
    return response.body;
  }

  const paths = (body: { errors?: { path?: unknown[] }[] }) => body.errors?.map((error) => error.path);

  it('denies an interface field only on the implementations whose rule denies it, and asks the subgraph only for those allowed', async () => {
    const body = await post('{ accounts { id balance } }', CLERK);
    expect(body.data).toEqual({
      accounts: [
        { id: 'p1', balance: null },
        { id: 'p2', balance: null },
        { id: 'c1', balance: 9000 },
      ],
    });
    expect(paths(body)).toEqual([
      ['accounts', 0, 'balance'],
      ['accounts', 1, 'balance'],
    ]);
    expect(body.errors?.[0]?.message).toBe('Not authorized to read Person.balance');
    expect(bank.received.join('\n')).toMatch(/\.\.\.\s*on Company\s*\{\s*balance/);
    expect(bank.received.join('\n')).not.toMatch(/on Person\s*\{[^}]*balance/);

    const banker = await post('{ accounts { id balance } }', BANKER);
    expect(banker.errors).toBeUndefined();
    expect(((banker.data as Record<string, unknown>).accounts as { balance: number }[]).map((account) => account.balance)).toEqual([
      100, 200, 9000,
    ]);
  });

  it("denies a field reached through an interface's inline fragment, a fragment on the interface, or a union member", async () => {
    const attempts = [
      '{ accounts { id ... on Person { ssn } } }',
      '{ accounts { ... on Account { ... on Person { secret: ssn } } } }',
      'fragment Money on Account { balance } { accounts { ...Money } }',
      '{ search { __typename ... on Person { owner ssn } ... on Company { id } } }',
      '{ accounts { __typename ... on Person { __typename ssn } } }',
    ];
    for (const query of attempts) {
      const body = await post(query, CLERK);
      expect(body.errors?.length, query).toBeGreaterThan(0);
      expect(
        body.errors?.every((error) => error.extensions?.code === 'FORBIDDEN'),
        query,
      ).toBe(true);
      expect(bank.received.join('\n'), query).not.toMatch(/ssn|on Person\s*\{[^}]*balance/);
      expect(JSON.stringify(body.data), query).not.toMatch(/111|222|"balance":(100|200)/);
    }
    const union = await post('{ search { __typename ... on Person { owner ssn } ... on Company { id } } }', CLERK);
    expect(union).toEqual({
      data: {
        search: [
          { __typename: 'Person', owner: 'Ada', ssn: null },
          { __typename: 'Company', id: 'c1' },
        ],
      },
      errors: [{ message: 'Not authorized to read Person.ssn', path: ['search', 0, 'ssn'], extensions: { code: 'FORBIDDEN' } }],
    });
  });

  it('nulls the nearest nullable parent when a denied field is non-null, as GraphQL execution would', async () => {
    // search: [SearchResult] — the Company item becomes null.
    expect(await post('{ search { ... on Person { id } ... on Company { id taxId } } }', CLERK)).toEqual({
      data: { search: [{ id: 'p1' }, null] },
      errors: [{ message: 'Not authorized to read Company.taxId', path: ['search', 1, 'taxId'], extensions: { code: 'FORBIDDEN' } }],
    });
    // account: Account — the field itself becomes null.
    expect((await post('{ account(id: "c1") { id ... on Company { taxId } } }', CLERK)).data).toEqual({ account: null });
    // accounts: [Account!]! — a non-null item nulls the list, a non-null list nulls its parent: here all data.
    const body = await post('{ accounts { id ... on Company { taxId } } }', CLERK);
    expect(body.data).toBeNull();
    expect(paths(body)).toEqual([['accounts', 2, 'taxId']]);
    expect(await post('{ accounts { id ... on Company { taxId } } }', AUDITOR)).toEqual({
      data: { accounts: [{ id: 'p1' }, { id: 'p2' }, { id: 'c1', taxId: 'T-1' }] },
    });
  });

  it('denies (fails closed) when a rule throws, without the error reaching the client', async () => {
    const body = await post('{ search { ... on Company { id owner } } }', AUDITOR);
    expect(body).toEqual({
      data: { search: [{}, { id: 'c1', owner: null }] },
      errors: [{ message: 'Not authorized to read Company.owner', path: ['search', 1, 'owner'], extensions: { code: 'FORBIDDEN' } }],
    });
  });

  it('keeps each decision to its own plan: the same operation alternating between callers', async () => {
    const query = '{ accounts { id balance } }';
    for (const caller of [CLERK, BANKER, CLERK, BANKER]) {
      const body = await post(query, caller);
      const balances = ((body.data as Record<string, unknown>).accounts as { balance: number | null }[]).map((account) => account.balance);
      expect(balances).toEqual(caller === BANKER ? [100, 200, 9000] : [null, null, 9000]);
    }
  });
});
