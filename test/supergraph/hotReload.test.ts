import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExampleSdl } from '../../examples/subgraphs/schemas.ts';
import { type RunningExampleSubgraphs, startExampleSubgraphs } from '../../examples/subgraphs/startExampleSubgraphs.ts';
import { configMapVolume } from '../support/configMapVolume.ts';
import { composeExampleSupergraph, startTestGateway, type TestGateway } from '../support/exampleGraph.ts';
import { waitFor } from '../support/waitFor.ts';

describe('hot reload of a supergraph file', () => {
  let directory: string;
  let file: string;
  let subgraphs: RunningExampleSubgraphs;
  let gateway: TestGateway;
  let withoutBirthday: string;
  let full: string;
  const rejections: string[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-reload-'));
    file = join(directory, 'supergraph.graphql');
    subgraphs = await startExampleSubgraphs({ delayMs: 150 });
    withoutBirthday = composeExampleSupergraph(subgraphs.urls, {
      accounts: readExampleSdl('accounts').replace(/^\s*birthday: Int\n/m, ''),
    });
    full = composeExampleSupergraph(subgraphs.urls);
    await writeFile(file, withoutBirthday);
    gateway = await startTestGateway({ supergraph: { file } });
    gateway.gateway.supergraph.on({ rejected: (error) => rejections.push(error.message) });
  });
  afterAll(async () => {
    await gateway?.close();
    await subgraphs?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const birthdayQuery = { query: '{ users { id birthday } }' };
  const currentId = () => gateway.gateway.supergraph.current?.id;

  it('swaps in a new valid supergraph without a restart, finishing requests already in flight', async () => {
    expect((await gateway.post(birthdayQuery)).status).toBe(400);
    const before = currentId();
    let swapped = false;
    gateway.gateway.supergraph.on({ loaded: () => (swapped = true) });
    const inFlight = Array.from({ length: 5 }, () =>
      gateway.post({ query: '{ topProducts { name reviews { body } } }' }).then((response) => ({ response, afterSwap: swapped })),
    );
    // Replace the file the way `rover … --output` and editors do: write elsewhere, rename over it.
    await writeFile(`${file}.tmp`, full);
    await rename(`${file}.tmp`, file);
    await waitFor(() => currentId() !== before, { what: 'the new supergraph' });
    const finished = await Promise.all(inFlight);
    expect(finished.every(({ afterSwap }) => afterSwap)).toBe(true);
    for (const { response } of finished) {
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data?.topProducts).toHaveLength(5);
    }
    const after = await gateway.post(birthdayQuery);
    expect(after.status).toBe(200);
    expect(after.body.data?.users).toHaveLength(6);
  });

  it('keeps the last good supergraph when the file becomes invalid, and logs why', async () => {
    const good = currentId();
    const cases = ['this is not GraphQL {', 'type Query { hello: String }', ''];
    for (const text of cases) {
      const count = rejections.length;
      await writeFile(file, text);
      await waitFor(() => rejections.length > count, { what: `rejection of ${JSON.stringify(text)}` });
      expect(currentId()).toBe(good);
      const response = await gateway.post(birthdayQuery);
      expect(response.status).toBe(200);
    }
    expect(rejections.every((message) => message.length > 0)).toBe(true);
  });

  it('recovers when a valid supergraph comes back', async () => {
    await writeFile(file, withoutBirthday);
    await waitFor(async () => (await gateway.post(birthdayQuery)).status === 400, { what: 'the smaller supergraph to serve' });
  });
});

describe('a supergraph mounted from a Kubernetes ConfigMap', () => {
  it('serves the new supergraph when the ConfigMap is updated (a ..data swap, no event named after the file)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gatehouse-configmap-'));
    const subgraphs = await startExampleSubgraphs();
    const withoutBirthday = composeExampleSupergraph(subgraphs.urls, {
      accounts: readExampleSdl('accounts').replace(/^\s*birthday: Int\n/m, ''),
    });
    const volume = await configMapVolume(directory, { 'supergraph.graphql': withoutBirthday });
    const gateway = await startTestGateway({ supergraph: { file: volume.path('supergraph.graphql') } });
    try {
      const before = gateway.gateway.supergraph.current?.id;
      await volume.update({ 'supergraph.graphql': composeExampleSupergraph(subgraphs.urls) });
      await waitFor(() => gateway.gateway.supergraph.current?.id !== before, { what: 'the ConfigMap’s supergraph to serve' });
      const answer = await gateway.post({ query: '{ users { id birthday } }' });
      expect(answer.body.errors).toBeUndefined();
    } finally {
      await gateway.close();
      await subgraphs.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
