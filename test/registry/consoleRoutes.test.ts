import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/registry/index.ts';
import { startTestRegistryServer, type TestRegistryServer } from './support/registryServer.ts';
import { STORE_KINDS, type TestStore } from './support/registryStores.ts';
import { accountsWithoutEmail, seedExampleGraph } from './support/schemas.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const embedded = STORE_KINDS[0];

describe('the registry console over HTTP (the browser tests drive its pages)', () => {
  let testStore: TestStore;
  let registry: Registry;
  let server: TestRegistryServer;

  beforeAll(async () => {
    if (!embedded) throw new Error('no store kind to test with');
    testStore = await embedded.open();
    registry = await testStore.freshRegistry();
    await seedExampleGraph(registry);
    server = await startTestRegistryServer(registry);
  }, 90_000);
  afterAll(async () => {
    await server?.close();
    await testStore?.close();
  });

  it('serves its page at /console/… and its assets without a token (they hold no data), and / leads there', async () => {
    const root = await server.request('GET', '/', { token: null, headers: { accept: BROWSER_ACCEPT } });
    expect(root.url).toBe(`${server.url}/console/`);
    expect(root.headers.get('content-type')).toContain('text/html');
    const page = await root.text();
    for (const asset of page.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)) {
      expect((await server.request('GET', asset[1] ?? '', { token: null })).status).toBe(200);
    }
    expect((await server.request('GET', '/console/assets/missing.js', { token: null })).status).toBe(404);
  });

  it('answers a check URL with the console page to a browser and with the kept result to an API client', async () => {
    const result = await server.client().checkSubgraph('accounts', { schema: accountsWithoutEmail });
    expect(result.passed).toBe(false);
    const url = new URL(server.client().checkUrl(result.checkId)).pathname;
    expect(url).toBe(`/api/v1/checks/${result.checkId}`);
    for (const path of [url, `/api/v1/graphs/${registry.describeRef()}/checks/${result.checkId}`]) {
      const asBrowser = await server.request('GET', path, { token: null, headers: { accept: BROWSER_ACCEPT } });
      expect(asBrowser.headers.get('content-type')).toContain('text/html');
      expect(await asBrowser.text()).toContain('/console/assets/console.js');

      const asClient = await server.request('GET', path, { headers: { accept: 'application/json' } });
      expect(await asClient.json()).toMatchObject({ id: result.checkId, result: { passed: false, failures: ['BREAKING_CHANGES'] } });
      // curl's Accept: */* is an API client too, and without a token it is refused as before.
      expect((await server.request('GET', path, { token: null, headers: { accept: '*/*' } })).status).toBe(401);
    }
  });

  it('tells the console whose token it holds, and which graphs and variants there are', async () => {
    expect(await (await server.request('GET', '/api/v1/whoami')).json()).toEqual({ role: 'admin', subgraph: null, actor: 'admin' });
    expect((await server.request('GET', '/api/v1/whoami', { token: 'wrong' })).status).toBe(401);
    await server.client().createToken({ name: 'ignored', role: 'readonly' });
    const { defaultGraphRef, graphs } = await (await server.request('GET', '/api/v1/graphs')).json();
    expect(defaultGraphRef).toBe(registry.describeRef());
    expect(graphs).toContainEqual({ graph: registry.ref.graph, variants: ['current'] });
  });
});
