import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SUBGRAPH_NAMES, readExampleSdl } from '../../examples/subgraphs/schemas.ts';
import { composeSupergraph } from '../../src/compose/index.ts';
import { startTestIssuer, type TestIssuer } from '../auth/support/testIssuer.ts';
import { expectRefused, expectServed, limitedGateway } from './support/limitedGateway.ts';

const COST_18 = '{ users { reviews { id } } }';
const COST_19 = '{ users { reviews { id } } me { id } }';
const BY_VARIABLE = 'query($n: Int) { topProducts(first: $n) { name } }';

describe('MaxCostRule: demand control against max_cost', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(async () => {
    await issuer?.close();
  });

  describe('through the gateway with max_cost: 18, and 100 for the role analyst', () => {
    const limited = limitedGateway(() => ({
      auth: { allow_anonymous: true, issuers: [{ issuer: issuer.issuer, audience: issuer.audience, jwks_url: issuer.jwksUrl }] },
      limits: { max_cost: 18, principals: [{ role: 'analyst', max_cost: 100 }] },
    }));

    it('serves an operation that costs 18', async () => {
      expectServed(await limited.post({ query: COST_18 }));
    });

    it('refuses one that costs 19 with COST_ESTIMATED_TOO_EXPENSIVE, 400, the cost and the limit, and asks no subgraph', async () => {
      const response = await limited.post({ query: COST_19 });
      expectRefused(response, limited.graph, { status: 400, code: 'COST_ESTIMATED_TOO_EXPENSIVE', values: { cost: 19, maxCost: 18 } });
      expect(response.body.errors?.[0]?.message).toBe("The operation's estimated cost is 19; the limit is 18.");
    });

    it('prices each request by its variables: first 18 passes, first 19 is refused', async () => {
      expectServed(await limited.post({ query: BY_VARIABLE, variables: { n: 18 } }));
      expectRefused(await limited.post({ query: BY_VARIABLE, variables: { n: 19 } }), limited.graph, {
        status: 400,
        code: 'COST_ESTIMATED_TOO_EXPENSIVE',
        values: { cost: 19, maxCost: 18 },
      });
    });

    it("gives a principal with the role analyst that role's higher limit", async () => {
      const analyst = await issuer.sign({ sub: 'ana', roles: ['analyst'] });
      expectServed(await limited.post({ query: COST_19 }, { authorization: `Bearer ${analyst}` }));
      const other = await issuer.sign({ sub: 'bob', roles: ['viewer'] });
      expectRefused(await limited.post({ query: COST_19 }, { authorization: `Bearer ${other}` }), limited.graph, {
        status: 400,
        code: 'COST_ESTIMATED_TOO_EXPENSIVE',
        values: { cost: 19, maxCost: 18 },
      });
    });
  });

  describe('in measure mode', () => {
    const limited = limitedGateway({ limits: { max_cost: 18, cost: { mode: 'measure' } } });

    it('serves an operation over max_cost (it is only logged and measured)', async () => {
      expectServed(await limited.post({ query: COST_19 }));
    });
  });

  describe('with @listSize(requireOneSlicingArgument: true) in the supergraph and a max_cost', () => {
    const catalogSdl = readFileSync(new URL('../fixtures/limits/catalog.graphql', import.meta.url), 'utf8');
    const limited = limitedGateway((graph) => ({
      limits: { max_cost: 1000 },
      supergraph: {
        sdl: composeSupergraph([
          ...EXAMPLE_SUBGRAPH_NAMES.map((name) => ({ name, url: graph.subgraphs.urls[name], sdl: readExampleSdl(name) })),
          // Never reached: the operations below are refused or need no catalog field.
          { name: 'catalog', url: 'http://127.0.0.1:9/graphql', sdl: catalogSdl },
        ]).supergraphSdl,
      },
    }));

    it('refuses a list field given no slicing argument with SLICING_ARGUMENT_REQUIRED and 400', async () => {
      expectRefused(await limited.post({ query: '{ search(text: "lamp") { __typename } }' }), limited.graph, {
        status: 400,
        code: 'SLICING_ARGUMENT_REQUIRED',
        values: { field: 'Query.search', slicingArguments: ['first', 'last'], given: 0 },
      });
    });
  });
});
