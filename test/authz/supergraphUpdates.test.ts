import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExampleSdl } from '../../examples/subgraphs/schemas.ts';
import { allow, definePermissions } from '../../src/authz/index.ts';
import { composeExampleSupergraph, type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';
import { waitFor } from '../support/waitFor.ts';
import { type SignedInGateway, startSignedInGateway } from './support/signedInGateway.ts';

describe('rules follow the serving supergraph', () => {
  let graph: ExampleGraph;
  let directory: string;
  let file: string;
  let gateway: SignedInGateway;

  beforeAll(async () => {
    graph = await startExampleGraph();
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-authz-'));
    file = join(directory, 'supergraph.graphql');
    await writeFile(file, graph.supergraphSdl);
    gateway = await startSignedInGateway({
      supergraph: { file },
      // User has no '*': a field added to User later falls back to deny.
      permissions: definePermissions({ Query: allow, User: { id: allow, name: allow, username: allow, email: allow } }),
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function swapIn(accountsSdl: string, marker: string) {
    await writeFile(file, composeExampleSupergraph(graph.subgraphs.urls, { accounts: accountsSdl }));
    await waitFor(() => gateway.gateway.supergraph.current?.sdl.includes(marker), { what: 'the new supergraph to serve' });
  }

  it('denies a field a new supergraph adds when no rule covers it, and enforces directives a new supergraph brings', async () => {
    const withNickname = readExampleSdl('accounts').replace('  name: String\n', '  name: String\n  nickname: String\n');
    await swapIn(withNickname, 'nickname');
    graph.received.length = 0;
    const added = await gateway.post({ query: '{ user(id: "1") { name nickname } }' }, await gateway.as({ sub: '1' }));
    expect(added.body).toEqual({
      data: { user: { name: 'Uri Goldshtein', nickname: null } },
      errors: [{ message: 'Not authorized to read User.nickname', path: ['user', 'nickname'], extensions: { code: 'FORBIDDEN' } }],
    });
    expect(graph.received.map((entry) => entry.operation.query).join('\n')).not.toMatch(/nickname/);

    const withDirective = readExampleSdl('accounts')
      .replace('import: ["@key"', 'import: ["@authenticated", "@key"')
      .replace('  email: String\n', '  email: String @authenticated\n');
    await swapIn(withDirective, '@authenticated');
    const anonymous = await gateway.post({ query: '{ user(id: "1") { email } }' });
    expect(anonymous.body.errors?.[0]).toMatchObject({ path: ['user', 'email'], extensions: { code: 'UNAUTHENTICATED' } });
    const signedIn = await gateway.post({ query: '{ user(id: "1") { email } }' }, await gateway.as({ sub: '1' }));
    expect(signedIn.body).toEqual({ data: { user: { email: 'urigo@example.com' } } });
  });
});
