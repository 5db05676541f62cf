import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, definePermissions, hasScope } from '../../src/authz/index.ts';
import { startTestGateway } from '../support/exampleGraph.ts';
import { type BankGraph, startBankGraph } from './support/bankGraph.ts';
import { type Caller, type SignedInGateway, startSignedInGateway } from './support/signedInGateway.ts';

describe("the supergraph's @authenticated, @requiresScopes and @policy, enforced as rules", () => {
  let bank: BankGraph;
  let gateway: SignedInGateway;

  beforeAll(async () => {
    bank = await startBankGraph();
    gateway = await startSignedInGateway({
      supergraph: { sdl: bank.supergraphSdl },
      // No rule module: the directives alone guard the graph; everything else is open.
      authorization: {
        policies: {
          reader: { scopes: ['docs:read'] },
          editor: { roles: ['editor'] },
          staff: { authenticated: true, claims: { staff: true } },
        },
      },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await bank?.close();
  });

  async function post(query: string, caller?: Caller & Record<string, unknown>) {
    bank.received.length = 0;
    const response = await gateway.post({ query }, await gateway.as(caller));
    expect(response.status).toBe(200);
    return response.body;
  }

  it('@authenticated on a type guards every field that returns it', async () => {
    expect(await post('{ vault { code } }')).toEqual({
      data: { vault: null },
      errors: [{ message: 'Not authorized to read Query.vault', path: ['vault'], extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(bank.received).toEqual([]);
    expect(await post('{ vault { code } }', { sub: 'u' })).toEqual({ data: { vault: { code: '1234' } } });
  });

  it('@requiresScopes needs every scope of one of its lists; a denied non-null root field nulls data', async () => {
    const query = '{ luckyNumber }';
    const partial = await post(query, { sub: 'u', scope: 'numbers:read' });
    expect(partial.data).toBeNull();
    expect(partial.errors?.[0]).toMatchObject({ path: ['luckyNumber'], extensions: { code: 'FORBIDDEN' } });
    expect(bank.received).toEqual([]);
    expect(await post(query, { sub: 'u', scope: 'numbers:read numbers:list' })).toEqual({ data: { luckyNumber: 7 } });
    expect(await post(query, { sub: 'u', scope: 'numbers:admin' })).toEqual({ data: { luckyNumber: 7 } });
  });

  it('@policy names map to the policies in config; each inner list must hold entirely', async () => {
    const query = '{ documents { title body } }';
    const denied = await post(query, { sub: 'u', roles: ['editor'] });
    expect(denied.data).toEqual({ documents: [{ title: 'Plan', body: null }] });
    expect(denied.errors?.[0]).toMatchObject({ path: ['documents', 0, 'body'], extensions: { code: 'FORBIDDEN' } });
    expect(bank.received.join('\n')).not.toMatch(/body/);
    const granted = { data: { documents: [{ title: 'Plan', body: 'secret plan' }] } };
    expect(await post(query, { sub: 'u', scope: 'docs:read' })).toEqual(granted);
    expect(await post(query, { sub: 'u', roles: ['editor'], staff: true })).toEqual(granted);
  });

  it('combines the directives with a rule module: both must allow', async () => {
    const instance = await startSignedInGateway({
      supergraph: { sdl: bank.supergraphSdl },
      permissions: definePermissions({ Query: { '*': allow, luckyNumber: hasScope('extra') }, Vault: allow }, { fallbackRule: allow }),
    });
    try {
      const scoped = await instance.post({ query: '{ luckyNumber }' }, await instance.as({ sub: 'u', scope: 'numbers:admin' }));
      expect(scoped.body.data).toBeNull();
      const both = await instance.post({ query: '{ luckyNumber }' }, await instance.as({ sub: 'u', scope: 'numbers:admin extra' }));
      expect(both.body).toEqual({ data: { luckyNumber: 7 } });
      // A @policy name nobody defined denies.
      const body = await instance.post({ query: '{ documents { body } }' }, await instance.as({ sub: 'u', scope: 'docs:read' }));
      expect(body.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await instance.close();
    }
  });

  it('refuses such a supergraph when authorization is off, rather than serving it unguarded', async () => {
    await expect(startTestGateway({ supergraph: { sdl: bank.supergraphSdl } })).rejects.toThrow(/not a valid supergraph/);
  });
});
