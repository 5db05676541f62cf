import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';
import { startCliServer } from '../support/startCliServer.ts';

describe('gatehouse start --config with authorization.rules naming a TypeScript module', () => {
  let graph: ExampleGraph;
  let directory: string;

  beforeAll(async () => {
    graph = await startExampleGraph();
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-cli-rules-'));
  });
  afterAll(async () => {
    await graph?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('loads the rules through tsx and enforces them', async () => {
    const supergraphFile = join(directory, 'supergraph.graphql');
    await writeFile(supergraphFile, graph.supergraphSdl);
    const configFile = join(directory, 'gatehouse.yaml');
    await writeFile(
      configFile,
      stringify({
        server: { port: 0 },
        supergraph: { file: supergraphFile, watch: false },
        log_level: 'warn',
        authorization: { rules: './examples/permissions.ts' },
      }),
    );
    const server = await startCliServer(['--config', configFile, '--workers', '1']);
    try {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ user(id: "1") { username ssn } }' }),
      });
      expect(await response.json()).toEqual({
        data: { user: { username: 'urigo', ssn: null } },
        errors: [{ message: 'Not authorized to read User.ssn', path: ['user', 'ssn'], extensions: { code: 'UNAUTHENTICATED' } }],
      });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
