import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeExampleSupergraph, type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';
import { runCli } from '../support/runCli.ts';
import { startCliServer } from '../support/startCliServer.ts';

describe('gatehouse start --supergraph FILE', () => {
  let graph: ExampleGraph;
  let directory: string;
  let file: string;

  beforeAll(async () => {
    graph = await startExampleGraph();
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-start-'));
    file = join(directory, 'supergraph.graphql');
    await writeFile(file, composeExampleSupergraph(graph.subgraphs.urls));
  });
  afterAll(async () => {
    await graph?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('serves the supergraph file, prints where it listens, and exits cleanly on SIGTERM', async () => {
    const server = await startCliServer(['--supergraph', file, '--port', '0', '--workers', '1']);
    try {
      expect(server.output()).not.toMatch(/^subgraph /m);
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ topProducts(first: 1) { name inStock } }' }),
      });
      expect(await response.json()).toEqual({ data: { topProducts: [{ name: 'Table', inStock: true }] } });
      const ready = await fetch(new URL('/ready', server.url));
      expect(ready.status).toBe(200);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });

  it('exits non-zero with one clear line when the supergraph file is missing or invalid', async () => {
    const missing = await runCli(['start', '--supergraph', join(directory, 'absent.graphql'), '--port', '0', '--workers', '1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read supergraph file .*absent\.graphql: no such file \(ENOENT\)/);
    const invalid = join(directory, 'invalid.graphql');
    await writeFile(invalid, 'type Query { hello: String }');
    const rejected = await runCli(['start', '--supergraph', invalid, '--port', '0', '--workers', '1']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/not a valid supergraph/);
  });
});
