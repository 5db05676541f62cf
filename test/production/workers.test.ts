import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeExampleSupergraph, type ExampleGraph, startExampleGraph } from '../support/exampleGraph.ts';
import { type CliServer, startCliServer } from '../support/startCliServer.ts';
import { waitFor } from '../support/waitFor.ts';

/** POSTs on a connection of its own, so the cluster hands each request to the next worker. */
function postOnNewConnection(url: string, requestId: string, query: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'x-request-id': requestId };
    request(url, { method: 'POST', headers, agent: false, timeout: 10_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    })
      .on('error', reject)
      .end(JSON.stringify({ query }));
  });
}

function logLines(server: CliServer): Record<string, unknown>[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function listeningWorkers(server: CliServer): number[] {
  return [...server.output().matchAll(/^worker (\d+) listening$/gm)].map((match) => Number(match[1]));
}

describe('gatehouse start --workers 2', () => {
  let graph: ExampleGraph;
  let staging: ExampleGraph;
  let directory: string;
  let server: CliServer;
  let sequence = 0;

  /** Sends requests on new connections until each of `pids` has served one after `since`; returns their answers. */
  async function servedBy(pids: number[], query: string, since = 0) {
    const answers: { status: number; body: unknown }[] = [];
    await waitFor(
      async () => {
        const id = `req-${++sequence}`;
        answers.push(await postOnNewConnection(server.url, id, query));
        const servers = new Set(
          logLines(server)
            .filter((line) => line.msg === 'request' && Number(line.time) >= since)
            .map((line) => line.pid),
        );
        return pids.every((pid) => servers.has(pid));
      },
      { timeoutMs: 15_000, what: `requests served by workers ${pids.join(', ')}` },
    );
    return answers;
  }

  beforeAll(async () => {
    graph = await startExampleGraph();
    staging = await startExampleGraph();
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-workers-'));
    await writeFile(join(directory, 'supergraph.graphql'), composeExampleSupergraph(graph.subgraphs.urls));
    await writeFile(
      join(directory, 'gatehouse.yaml'),
      `supergraph:\n  file: ${join(directory, 'supergraph.graphql')}\ntelemetry:\n  logs: { format: json }\n`,
    );
    server = await startCliServer(['--config', join(directory, 'gatehouse.yaml'), '--port', '0', '--workers', '2'], { timeoutMs: 40_000 });
  }, 60_000);
  afterAll(async () => {
    if (server) expect(await server.stop('SIGTERM')).toBe(0);
    await graph?.close();
    await staging?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('serves from both workers, survives one being killed, reloads a changed supergraph in all of them, and reports metrics for the group', async () => {
    const query = '{ topProducts(first: 1) { name } }';
    const expected = { status: 200, body: { data: { topProducts: [{ name: 'Table' }] } } };
    const [first, second] = await waitFor(() => (listeningWorkers(server).length === 2 ? listeningWorkers(server) : undefined), {
      timeoutMs: 30_000,
      what: 'two workers listening',
    });
    if (first === undefined || second === undefined) throw new Error('two workers expected');
    for (const answer of await servedBy([first, second], query)) expect(answer).toEqual(expected);

    process.kill(first, 'SIGKILL');
    // Node's cluster can hand a connection to a worker in the instant before the primary knows it died (the
    // connection is then lost), so the request goes once the primary has noticed, while the replacement starts.
    await waitFor(() => server.output().includes(`worker ${first} exited (SIGKILL); starting a replacement`), {
      timeoutMs: 10_000,
      what: 'the primary to notice the killed worker',
    });
    expect((await postOnNewConnection(server.url, 'during-replacement', query)).status).toBe(200);
    const replacement = await waitFor(() => listeningWorkers(server).find((pid) => pid !== first && pid !== second), {
      timeoutMs: 30_000,
      what: 'a replacement worker',
    });
    for (const answer of await servedBy([second, replacement], query)) expect(answer).toEqual(expected);

    // A new supergraph (products moved to the staging copy) replaces the file by rename, as rover does.
    const changedAt = Date.now();
    const next = join(directory, 'supergraph.next');
    await writeFile(next, composeExampleSupergraph({ ...graph.subgraphs.urls, products: staging.subgraphs.urls.products }));
    await rename(next, join(directory, 'supergraph.graphql'));
    await waitFor(
      () => {
        const updated = new Set(
          logLines(server)
            .filter((line) => line.msg === 'supergraph updated')
            .map((line) => line.pid),
        );
        return updated.has(second) && updated.has(replacement);
      },
      { timeoutMs: 15_000, what: 'both workers to load the new supergraph' },
    );
    graph.received.length = 0;
    staging.received.length = 0;
    const answers = await servedBy([second, replacement], query, changedAt);
    for (const answer of answers) expect(answer).toEqual(expected);
    expect(staging.received.filter((entry) => entry.subgraph === 'products')).toHaveLength(answers.length);
    expect(graph.received.filter((entry) => entry.subgraph === 'products')).toHaveLength(0);

    // Whichever worker a scrape reaches, /metrics counts the requests of the whole group.
    const metrics = await (await fetch(new URL('/metrics', server.url))).text();
    const counted = [...metrics.matchAll(/^gatehouse_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    // Log lines are written in batches, up to 100 ms after the answer.
    const logged = () => logLines(server).filter((line) => line.msg === 'request' && (line.pid === second || line.pid === replacement));
    await waitFor(() => logged().length >= counted, { timeoutMs: 5_000, what: 'the request log lines' });
    expect(logged()).toHaveLength(counted);
    expect(metrics).toMatch(/^gatehouse_supergraph_info\{id="[0-9a-f]{64}"\} 1$/m);
  }, 90_000);
});
