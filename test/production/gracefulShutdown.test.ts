import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeExampleSupergraph, type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';
import { startCliServer } from '../support/startCliServer.ts';
import { waitFor } from '../support/waitFor.ts';
import { type HeldSubgraph, startHeldInventory } from './heldSubgraph.ts';

function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('SIGTERM', () => {
  let graph: ExampleGraph;
  let inventory: HeldSubgraph;
  let directory: string;

  beforeAll(async () => {
    graph = await startExampleGraph();
    inventory = await startHeldInventory();
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-shutdown-'));
    await writeFile(join(directory, 'supergraph.graphql'), composeExampleSupergraph({ ...graph.subgraphs.urls, inventory: inventory.url }));
    await writeFile(
      join(directory, 'gatehouse.yaml'),
      [
        'supergraph:',
        `  file: ${join(directory, 'supergraph.graphql')}`,
        'server:',
        '  shutdown_delay: 300ms',
        '  shutdown_timeout: 20s',
        'telemetry:',
        '  logs: { format: json }',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    inventory?.release();
    await inventory?.close();
    await graph?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('turns /ready to 503 first, stops accepting, and lets every in-flight request complete before exiting 0', async () => {
    // NODE_ENV=production, as a deployment runs: Apollo Server would stop itself on SIGTERM unless told not to.
    const server = await startCliServer(['--config', join(directory, 'gatehouse.yaml'), '--port', '0', '--workers', '1'], {
      env: { NODE_ENV: 'production' },
    });
    const readyUrl = new URL('/ready', server.url).href;
    expect((await fetch(readyUrl)).status).toBe(200);

    const inFlight = Array.from({ length: 5 }, () =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ topProducts(first: 2) { name inStock } }' }),
      }).then(async (response) => ({ status: response.status, body: await response.json() })),
    );
    await waitFor(() => inventory.held === 5, { what: 'five requests held at the subgraph' });

    const exited = server.stop('SIGTERM');
    await waitFor(async () => (await fetch(readyUrl)).status === 503, { what: '/ready to answer 503' });
    await waitFor(async () => !(await accepts(server.url)), { what: 'the listener to close' });
    expect(inventory.held).toBe(5);

    inventory.release();
    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 200,
        body: {
          data: {
            topProducts: [
              { name: 'Table', inStock: true },
              { name: 'Couch', inStock: true },
            ],
          },
        },
      });
    }
    const exitStarted = Date.now();
    expect(await exited).toBe(0);
    expect(Date.now() - exitStarted).toBeLessThan(10_000); // well before the 20 s shutdown_timeout
  }, 60_000);
});
