// The package as a user gets it: `npm pack`, installed into an empty folder, runs the gateway, compose and
// the registry from its compiled JavaScript — no TypeScript sources in it, no TypeScript loader.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeExampleSupergraph, type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';
import { installPackedPackage } from '../support/installPackedPackage.ts';
import { startCliServer } from '../support/startCliServer.ts';

const run = promisify(execFile);

describe('the packed package, installed into an empty folder', () => {
  let folder: string;
  let installed: string;
  let bin: string;
  let graph: ExampleGraph;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'gatehouse-packed-'));
    installed = join(folder, 'node_modules/gatehouse');
    bin = join(folder, 'node_modules/.bin/gatehouse');
    const [, started] = await Promise.all([installPackedPackage(folder), startExampleGraph()]);
    graph = started;
  }, 300_000);
  afterAll(async () => {
    await graph?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('holds compiled JavaScript with type declarations, and no TypeScript sources', async () => {
    const files = (await readdir(installed, { recursive: true })).map(String);
    expect(files).toContain(join('dist/src/index.js'));
    expect(files).toContain(join('dist/src/index.d.ts'));
    expect(files.filter((file) => /\.[cm]?ts$/.test(file) && !/\.d\.[cm]?ts$/.test(file))).toEqual([]);
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', "console.log(typeof (await import('gatehouse')).createGateway)"],
      {
        cwd: folder,
      },
    );
    expect(stdout.trim()).toBe('function');
  });

  it('runs `npx gatehouse start --supergraph FILE`', async () => {
    await writeFile(join(folder, 'supergraph.graphql'), composeExampleSupergraph(graph.subgraphs.urls));
    const server = await startCliServer(['--supergraph', 'supergraph.graphql', '--port', '0', '--workers', '1'], { bin, cwd: folder });
    try {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ topProducts(first: 1) { name } }' }),
      });
      expect(await response.json()).toEqual({ data: { topProducts: [{ name: 'Table' }] } });
      expect((await fetch(new URL('/ready', server.url))).status).toBe(200);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });

  it('runs `npx gatehouse compose --config supergraph.yaml` on the example graph it ships', async () => {
    await cp(join(installed, 'supergraph.yaml'), join(folder, 'supergraph.yaml'));
    await cp(join(installed, 'schema'), join(folder, 'schema'), { recursive: true });
    const { stdout } = await run('npx', ['gatehouse', 'compose', '--config', 'supergraph.yaml'], { cwd: folder, timeout: 60_000 });
    expect(stdout.trim()).toBe((await readFile(join(installed, 'schema/supergraph.graphql'), 'utf8')).trim());
  });

  // The embedded store (PGlite, WebAssembly) takes long to start on a busy machine.
  it('runs `npx gatehouse registry`', { timeout: 180_000 }, async () => {
    const registry = await startCliServer(['--port', '0'], { bin, cwd: folder, command: 'registry', timeoutMs: 150_000 });
    try {
      expect(await (await fetch(new URL('/health', registry.url))).json()).toEqual({ status: 'ok' });
    } finally {
      expect(await registry.stop('SIGTERM')).toBe(0);
    }
  });
});
