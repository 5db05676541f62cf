// What every benchmark here runs against: the example subgraphs in a process of their own, composed into a
// supergraph file, the queries it times, and the check that every variant answers them alike before timing.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_SUBGRAPH_NAMES, type ExampleSubgraphName, readExampleSdl } from '../examples/subgraphs/schemas.ts';
import { withComputedShippingEstimates } from '../examples/subgraphs/shippingEstimate.ts';
import { composeSupergraph } from '../src/compose/index.ts';
import { type BenchProcess, startBenchProcess } from './benchProcess.ts';
import { type LoadResult, runLoad } from './loadTest.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The standard benchmark query (every subgraph, @requires, nested lists) and a small one (one subgraph). */
export const BENCH_QUERIES: Record<string, string> = {
  standard: await readFile(here('../test/fixtures/bench-query.graphql'), 'utf8'),
  small: '{ topProducts(first: 2) { upc name price } }',
};

/** The answer the standard query must get from every variant: graphql-hive/graphql-gateways-benchmark's, with our shipping estimates. */
const STANDARD_EXPECTED = JSON.stringify(
  withComputedShippingEstimates(JSON.parse(await readFile(here('../test/fixtures/bench-expected.json'), 'utf8'))),
);

export type SubgraphsReady = { urls: Record<ExampleSubgraphName, string>; statsUrl: string };

/** What the subgraphs received for one client request: HTTP requests (a batch is one) and the operations in them. */
export interface SubgraphTraffic {
  requests: number;
  operations: number;
}

export interface BenchSubgraphs {
  /** The subgraphs' process, for the caller to stop. */
  server: BenchProcess<SubgraphsReady>;
  supergraphSdl: string;
  /** The composed supergraph, written into the benchmark's directory. */
  supergraphFile: string;
}

export async function startBenchSubgraphs(directory: string, cpus?: string): Promise<BenchSubgraphs> {
  const server = await startBenchProcess<SubgraphsReady>('subgraphs', here('servers/subgraphs.ts'), [], { cpus });
  const { supergraphSdl } = composeSupergraph(
    EXAMPLE_SUBGRAPH_NAMES.map((name) => ({ name, url: server.ready.urls[name], sdl: readExampleSdl(name) })),
  );
  const supergraphFile = join(directory, 'supergraph.graphql');
  await writeFile(supergraphFile, supergraphSdl);
  return { server, supergraphSdl, supergraphFile };
}

async function receivedSoFar(subgraphs: BenchProcess<SubgraphsReady>): Promise<SubgraphTraffic> {
  return (await (await fetch(subgraphs.ready.statsUrl)).json()) as SubgraphTraffic;
}

/**
 * Every variant must give the same full answer, without errors, to each query (the standard one: exactly the
 * expected answer) before it is timed; each is then warmed up once. Returns, per query and variant, what one
 * request cost in subgraph round trips (the variants are asked one at a time, so the counts are theirs alone).
 */
export async function checkSameAnswersAndWarmUp(
  variants: readonly BenchProcess<{ url: string }>[],
  headers: Record<string, string>,
  connections: number,
  subgraphs: BenchProcess<SubgraphsReady>,
): Promise<Record<string, Record<string, SubgraphTraffic>>> {
  const traffic: Record<string, Record<string, SubgraphTraffic>> = {};
  // Every query is counted before any warm-up: requests of a load run still in flight would be counted too.
  for (const [query, text] of Object.entries(BENCH_QUERIES)) {
    const body = JSON.stringify({ query: text });
    const answers: string[] = [];
    traffic[query] = {};
    for (const variant of variants) {
      const before = await receivedSoFar(subgraphs);
      const response = await fetch(variant.ready.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      answers.push(JSON.stringify(await response.json()));
      const after = await receivedSoFar(subgraphs);
      traffic[query][variant.name] = { requests: after.requests - before.requests, operations: after.operations - before.operations };
    }
    if (new Set(answers).size !== 1 || answers[0]?.includes('"errors"'))
      throw new Error(`the variants answer the ${query} query differently:\n${answers.join('\n')}`);
    if (query === 'standard' && answers[0] !== STANDARD_EXPECTED)
      throw new Error('the standard query is not answered with the expected answer');
  }
  for (const text of Object.values(BENCH_QUERIES)) {
    for (const variant of variants) await runLoad(variant.ready.url, JSON.stringify({ query: text }), headers, 1, connections);
  }
  return traffic;
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
  if (result.failures > 0)
    throw new Error(`${variant.name} failed ${result.failures} requests of the ${query} query: ${JSON.stringify(result.failureKinds)}`);
  const served = result.rps * load.durationS;
  const cpu_ms_per_request =
    cpuBefore !== undefined && cpuAfter !== undefined && served > 0 ? ((cpuAfter - cpuBefore) * 1000) / served : undefined;
  return { ...result, cpu_ms_per_request };
}
