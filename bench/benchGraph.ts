// What every benchmark here runs against: the example subgraphs in a process of their own, composed into a
// supergraph file, the queries it times, and the check that every variant answers them alike before timing.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_SUBGRAPH_NAMES, type ExampleSubgraphName, readExampleSdl } from '../examples/subgraphs/schemas.ts';
import { composeSupergraph } from '../src/compose/index.ts';
import { type BenchProcess, startBenchProcess } from './benchProcess.ts';
import { type LoadResult, runLoad } from './loadTest.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The standard benchmark query (every subgraph, @requires, nested lists) and a small one (one subgraph). */
export const BENCH_QUERIES: Record<string, string> = {
  standard: await readFile(here('../test/fixtures/bench-query.graphql'), 'utf8'),
  small: '{ topProducts(first: 2) { upc name price } }',
};

export interface BenchSubgraphs {
  /** The subgraphs' process, for the caller to stop. */
  server: BenchProcess<{ urls: Record<ExampleSubgraphName, string> }>;
  supergraphSdl: string;
  /** The composed supergraph, written into the benchmark's directory. */
  supergraphFile: string;
}

export async function startBenchSubgraphs(directory: string): Promise<BenchSubgraphs> {
  const server = await startBenchProcess<{ urls: Record<ExampleSubgraphName, string> }>('subgraphs', here('servers/subgraphs.ts'), []);
  const { supergraphSdl } = composeSupergraph(
    EXAMPLE_SUBGRAPH_NAMES.map((name) => ({ name, url: server.ready.urls[name], sdl: readExampleSdl(name) })),
  );
  const supergraphFile = join(directory, 'supergraph.graphql');
  await writeFile(supergraphFile, supergraphSdl);
  return { server, supergraphSdl, supergraphFile };
}

/** Every variant must give the same full answer, without errors, to each query before it is timed; each is then warmed up once. */
export async function checkSameAnswersAndWarmUp(
  variants: readonly BenchProcess<{ url: string }>[],
  headers: Record<string, string>,
  connections: number,
): Promise<void> {
  for (const [query, text] of Object.entries(BENCH_QUERIES)) {
    const body = JSON.stringify({ query: text });
    const answers = await Promise.all(
      variants.map(async (variant) => {
        const response = await fetch(variant.ready.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
        return JSON.stringify(await response.json());
      }),
    );
    if (new Set(answers).size !== 1 || answers[0]?.includes('"errors"'))
      throw new Error(`the variants answer the ${query} query differently:\n${answers.join('\n')}`);
    for (const variant of variants) await runLoad(variant.ready.url, body, headers, 1, connections);
  }
}

/** One timed load run of a query against a variant, with the variant's CPU per request (measured from its process, so it holds on a loaded machine). */
export async function timedRun(
  variant: BenchProcess<{ url: string }>,
  query: string,
  load: { headers: Record<string, string>; durationS: number; connections: number },
): Promise<LoadResult & { cpu_ms_per_request: number | undefined }> {
  const cpuBefore = await variant.cpuSeconds();
  const result = await runLoad(
    variant.ready.url,
    JSON.stringify({ query: BENCH_QUERIES[query] }),
    load.headers,
    load.durationS,
    load.connections,
  );
  const cpuAfter = await variant.cpuSeconds();
  if (result.failures > 0) throw new Error(`${variant.name} failed ${result.failures} requests of the ${query} query`);
  const served = result.rps * load.durationS;
  const cpu_ms_per_request =
    cpuBefore !== undefined && cpuAfter !== undefined && served > 0 ? ((cpuAfter - cpuBefore) * 1000) / served : undefined;
  return { ...result, cpu_ms_per_request };
}
