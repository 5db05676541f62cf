import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../src/auth/principal.ts';
import type { GatewayFeature } from '../../src/index.ts';
import { type ExampleGraph, startExampleGraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';

/** Stands in for authentication: a verified principal with nested claims. */
const signedIn: GatewayFeature = {
  name: 'test identity',
  extendContext(_request, context) {
    context.principal = { ...ANONYMOUS, authenticated: true, subject: 'user-7', claims: { sub: 'user-7', org: { id: 'acme', tier: 3 } } };
  },
};

describe('header propagation rules decide what reaches each subgraph', () => {
  let graph: ExampleGraph;
  let gateway: TestGateway;
  let staging: ExampleGraph;

  beforeAll(async () => {
    graph = await startExampleGraph();
    staging = await startExampleGraph();
    gateway = await startTestGateway({
      supergraph: { sdl: graph.supergraphSdl },
      features: [signedIn],
      headers: {
        all: [
          { propagate: { named: 'X-Tenant' } },
          { propagate: { named: 'x-client', rename: 'x-client-name', default: 'unknown' } },
          { propagate: { matching: '^x-feature-' } },
          { propagate: { matching: '^proxy-|^keep-alive$' } },
          { insert: { name: 'x-gateway', value: 'gatehouse' } },
          { insert: { name: 'x-user', from_claim: 'sub' } },
          { insert: { name: 'x-org', from_claim: 'org.id' } },
          { insert: { name: 'x-missing-claim', from_claim: 'nope' } },
          { insert: { name: 'transfer-encoding', value: 'chunked' } },
          { propagate: { named: 'x-secret' } },
          { remove: { named: 'x-secret' } },
          { remove: { matching: '^x-feature-internal' } },
        ],
        subgraphs: { products: [{ insert: { name: 'x-only-products', value: 'yes' } }] },
      },
      subgraphs: {
        overrides: {
          inventory: { headers: { 'X-Static': 'from-override' } },
          accounts: { url: staging.subgraphs.urls.accounts },
        },
      },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.close();
    await staging?.close();
  });

  async function headersReceived(clientHeaders: Record<string, string>) {
    graph.received.length = 0;
    const response = await gateway.post({ query: '{ topProducts(first: 1) { name inStock } }' }, clientHeaders);
    expect(response.body.errors).toBeUndefined();
    const by = (name: string) => graph.received.find((entry) => entry.subgraph === name)?.operation.headers ?? {};
    return { products: by('products'), inventory: by('inventory'), requestId: response.headers.get('x-request-id') };
  }

  it('forwards only named and matching client headers, renamed or defaulted as configured', async () => {
    const { products } = await headersReceived({
      'x-tenant': 't1',
      'x-feature-dark-mode': 'on',
      'x-feature-internal-debug': '1',
      'x-not-listed': 'secret',
      'x-secret': 'hunter2',
      authorization: 'Bearer abc',
    });
    expect(products).toMatchObject({ 'x-tenant': 't1', 'x-client-name': 'unknown', 'x-feature-dark-mode': 'on' });
    for (const absent of ['x-not-listed', 'authorization', 'x-secret', 'x-feature-internal-debug', 'x-client']) {
      expect(products).not.toHaveProperty(absent);
    }
    expect((await headersReceived({ 'x-client': 'ios' })).products['x-client-name']).toBe('ios');
  });

  it('inserts static values and JWT claims, and per-subgraph rules and override headers reach only that subgraph', async () => {
    const { products, inventory } = await headersReceived({});
    expect(products).toMatchObject({ 'x-gateway': 'gatehouse', 'x-user': 'user-7', 'x-org': 'acme', 'x-only-products': 'yes' });
    expect(products).not.toHaveProperty('x-missing-claim');
    expect(products).not.toHaveProperty('x-static');
    expect(inventory).toMatchObject({ 'x-gateway': 'gatehouse', 'x-static': 'from-override' });
    expect(inventory).not.toHaveProperty('x-only-products');
  });

  it('never forwards hop-by-hop headers, whatever the rules say', async () => {
    graph.received.length = 0;
    // node:http, because fetch refuses to send hop-by-hop headers at all.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const body = JSON.stringify({ query: '{ topProducts(first: 1) { name } }' });
      const headers = { 'content-type': 'application/json', 'proxy-authorization': 'Basic eA==', 'keep-alive': 'timeout=1' };
      request(gateway.url, { method: 'POST', headers, timeout: 10_000 }, (response) => {
        response.resume().on('end', () => resolve(response.statusCode));
      })
        .on('error', reject)
        .end(body);
    });
    expect(status).toBe(200);
    const products = graph.received.find((entry) => entry.subgraph === 'products')?.operation.headers ?? {};
    expect(products).not.toHaveProperty('proxy-authorization');
    expect(products).not.toHaveProperty('keep-alive');
    expect(products).not.toHaveProperty('transfer-encoding');
    expect(products['content-type']).toBe('application/json');
  });

  it("forwards the request id, the client's or a generated one", async () => {
    const generated = await headersReceived({});
    expect(generated.products['x-request-id']).toBe(generated.requestId);
    expect((await headersReceived({ 'x-request-id': 'abc-123' })).inventory['x-request-id']).toBe('abc-123');
  });

  it("sends a subgraph's requests to its override URL", async () => {
    staging.received.length = 0;
    graph.received.length = 0;
    const response = await gateway.post({ query: '{ me { username } }' });
    expect(response.body).toEqual({ data: { me: { username: 'urigo' } } });
    expect(staging.received.map((entry) => entry.subgraph)).toEqual(['accounts']);
    expect(graph.received).toEqual([]);
  });
});
