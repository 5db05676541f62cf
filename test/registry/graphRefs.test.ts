import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphCommand } from '../../src/cli/commands/subgraph.ts';
import { supergraphCommand } from '../../src/cli/commands/supergraph.ts';
import { gatewayConfigSchema } from '../../src/config/index.ts';
import { openRegistryStore, Registry, RegistryClient, type RegistryStore } from '../../src/registry/index.ts';
import { startTestGateway } from '../support/exampleGraph.ts';
import { waitFor } from '../support/waitFor.ts';
import { greetingsV1, greetingsV2, startGreetingsSubgraph } from './support/greetingsSubgraph.ts';
import { startTestRegistryServer, TEST_ADMIN_TOKEN, type TestRegistryServer } from './support/registryServer.ts';
import { runCommand } from './support/runCommand.ts';
import { teamSdl } from './support/schemas.ts';

describe('graph refs (graph@variant) in the REST API and the CLI', () => {
  let store: RegistryStore;
  let server: TestRegistryServer;
  let directory: string;

  beforeAll(async () => {
    [store, directory] = await Promise.all([openRegistryStore({}), mkdtemp(join(tmpdir(), 'gatehouse-refs-'))]);
    server = await startTestRegistryServer(await Registry.open(store));
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const clientFor = (graphRef: string, token = TEST_ADMIN_TOKEN) => new RegistryClient({ url: server.url, token, graphRef });

  it('keeps each variant’s subgraphs and supergraph history apart, and the routes without a ref on the default variant', async () => {
    const prod = clientFor('rest@prod');
    const staging = clientFor('rest@staging');
    await prod.publishSubgraph('orders', { schema: teamSdl('orders'), routingUrl: 'http://orders:4001/graphql' });
    await staging.publishSubgraph('orders', { schema: teamSdl('orders', ['status', 'eta']), routingUrl: 'http://orders:4001/graphql' });
    await staging.publishSubgraph('billing', { schema: teamSdl('billing'), routingUrl: 'http://billing:4001/graphql' });

    expect((await prod.listSubgraphs()).subgraphs.map((subgraph) => subgraph.name)).toEqual(['orders']);
    expect((await staging.listSubgraphs()).subgraphs.map((subgraph) => subgraph.name)).toEqual(['billing', 'orders']);
    expect((await prod.latestSupergraph()).supergraphSdl).not.toContain('orders_eta');
    expect((await staging.latestSupergraph()).supergraphSdl).toContain('orders_eta');
    expect((await staging.supergraphHistory()).versions.map((version) => version.version)).toEqual([2, 1]);
    expect((await server.client().listSubgraphs()).subgraphs).toEqual([]);
    // `rest` alone is `rest@current`, a variant of its own.
    expect((await clientFor('rest').listSubgraphs()).subgraphs).toEqual([]);
  });

  it('refuses a malformed graph ref with BAD_REQUEST, and applies a team token to its subgraph in every variant', async () => {
    const response = await server.request('GET', '/api/v1/graphs/not%20a%20ref/subgraphs');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('params.ref: a graph ref is') },
    });

    const { token } = await server.client().createToken({ name: 'payments team', role: 'subgraph', subgraph: 'payments' });
    await clientFor('team@qa', token).publishSubgraph('payments', {
      schema: teamSdl('payments'),
      routingUrl: 'http://payments:4001/graphql',
    });
    await expect(
      clientFor('team@qa', token).publishSubgraph('orders', { schema: teamSdl('orders'), routingUrl: 'http://orders:4001/graphql' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('serves a gateway the variant its graph_ref names, and records its usage on that variant', async () => {
    const greetings = await startGreetingsSubgraph();
    await clientFor('gw@prod').publishSubgraph('greetings', { schema: greetingsV1, routingUrl: greetings.url });
    await clientFor('gw@staging').publishSubgraph('greetings', { schema: greetingsV2, routingUrl: greetings.url });
    const { token } = await server.client().createToken({ name: 'prod gateway', role: 'readonly' });
    const gateway = await startTestGateway({
      supergraph: { registry: { url: server.url, token, graph_ref: 'gw@prod', poll_interval: 25 } },
      registry: { usage_reporting: { flush_interval: 25 } },
    });
    try {
      expect((await gateway.post({ query: '{ greeting }' })).body).toEqual({ data: { greeting: 'hello' } });
      expect((await gateway.post({ query: '{ farewell }' })).status).toBe(400);
      const [prod, staging] = await Promise.all([
        store.variantId({ graph: 'gw', variant: 'prod' }),
        store.variantId({ graph: 'gw', variant: 'staging' }),
      ]);
      // Usage is counted per hour: the window must reach back to the start of this one.
      const since = new Date(Date.now() - 2 * 3_600_000);
      await waitFor(async () => (await store.coordinateUses(prod, ['Query.greeting'], since)).length > 0, {
        what: 'usage recorded on gw@prod',
      });
      expect(await store.coordinateUses(staging, ['Query.greeting'], since)).toEqual([]);
    } finally {
      await gateway.close();
      await greetings.close();
    }
  });

  it('refuses a gatehouse.yaml whose supergraph.registry.graph_ref is not a graph ref', () => {
    const parsed = gatewayConfigSchema.safeParse({ supergraph: { registry: { url: 'http://127.0.0.1:9', graph_ref: 'shop@' } } });
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['supergraph', 'registry', 'graph_ref'],
      message: expect.stringContaining('a graph ref is'),
    });
  });

  it('takes rover’s argument shape on the CLI (GRAPH_REF --name NAME) and keeps the NAME-only form on the default variant', async () => {
    const flags = ['--registry', server.url, '--token', TEST_ADMIN_TOKEN];
    const schema = join(directory, 'shipping.graphql');
    await writeFile(schema, teamSdl('shipping'));
    const subgraph = (...args: string[]) => runCommand(subgraphCommand, [...args, ...flags]);
    const supergraph = (...args: string[]) => runCommand(supergraphCommand, [...args, ...flags]);

    const published = await subgraph(
      'publish',
      'cli@prod',
      '--name',
      'shipping',
      '--schema',
      schema,
      '--routing-url',
      'http://shipping:4001/graphql',
    );
    expect(published).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("A new subgraph called 'shipping' was created in cli@prod."),
    });
    expect(published.stderr).toContain('Publishing SDL to cli@prod (subgraph: shipping)');
    expect((await subgraph('list', 'cli@prod')).stdout).toContain('http://shipping:4001/graphql');
    expect((await subgraph('fetch', 'cli@prod', '--name', 'shipping')).stdout).toBe(teamSdl('shipping').trimEnd());
    expect((await supergraph('fetch', 'cli@prod')).stdout).toContain('shipping_status');
    await writeFile(schema, teamSdl('shipping', ['status', 'eta']));
    expect((await subgraph('publish', 'cli@prod', '--name', 'shipping', '--schema', schema)).code).toBe(0);
    expect((await supergraph('history', 'cli@prod')).stdout).toMatch(/publish shipping[\s\S]*publish shipping/);
    expect((await supergraph('diff', 'cli@prod', '1', '2')).stdout).toContain('shipping_eta');
    expect((await supergraph('rollback', 'cli@prod', '1')).stdout).toBe("Rolled back cli@prod: version 3 restores version 1's supergraph.");
    expect((await supergraph('fetch', 'cli@prod')).stdout).not.toContain('shipping_eta');
    await writeFile(schema, teamSdl('shipping'));
    expect((await subgraph('check', 'cli@prod', '--name', 'shipping', '--schema', schema)).code).toBe(0);

    expect((await subgraph('list')).stdout).toBe('There are no subgraphs in default@current yet.');
    const legacy = await subgraph('publish', 'shipping', '--schema', schema, '--routing-url', 'http://shipping:4001/graphql');
    expect(legacy).toMatchObject({ code: 0, stdout: expect.stringContaining('was created in default@current') });
    // The variant's only subgraph: deleting it would leave no supergraph.
    expect((await subgraph('delete', 'cli@prod', '--name', 'shipping', '--dry-run')).stderr).toContain('LAST_SUBGRAPH');

    expect(await subgraph('fetch', 'not a ref', '--name', 'shipping')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"not a ref" is not a graph ref'),
    });
    expect((await subgraph('publish', '--name', 'shipping', '--schema', schema)).code).toBe(2);
  });
});
