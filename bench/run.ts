// `npm run bench`: Gatehouse against a bare @apollo/gateway on the same subgraphs, in the same run.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_SUBGRAPH_NAMES, type ExampleSubgraphName, readExampleSdl } from '../examples/subgraphs/schemas.ts';
import { composeSupergraph } from '../src/compose/index.ts';
import { type BenchProcess, startBenchProcess } from './benchProcess.ts';
import { writeGatehouseConfig } from './gatehouseConfig.ts';
import { runLoad } from './loadTest.ts';
import { type BenchReport, ratio, type Sample, summarize, writeReport } from './report.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const QUERIES: Record<string, string> = {
  standard: await readFile(here('../test/fixtures/bench-query.graphql'), 'utf8'),
  small: '{ topProducts(first: 2) { upc name price } }',
};
const DESCRIPTIONS: Record<string, string> = {
  bare: "@apollo/gateway + @apollo/server standalone, the gateway's default fetcher (make-fetch-happen)",
  'bare-undici': "the same, with Gatehouse's undici fetcher",
  gatehouse: 'Gatehouse, every feature on',
};

const loadBefore = loadavg().map((value) => Math.round(value * 100) / 100);
const directory = await mkdtemp(join(tmpdir(), 'gatehouse-bench-'));
const processes: BenchProcess<{ url?: string; urls?: Record<ExampleSubgraphName, string> }>[] = [];
try {
  const subgraphs = await startBenchProcess<{ urls: Record<ExampleSubgraphName, string> }>('subgraphs', here('servers/subgraphs.ts'), []);
  processes.push(subgraphs);
  const supergraphFile = join(directory, 'supergraph.graphql');
  const { supergraphSdl } = composeSupergraph(
    EXAMPLE_SUBGRAPH_NAMES.map((name) => ({ name, url: subgraphs.ready.urls[name], sdl: readExampleSdl(name) })),
  );
  await writeFile(supergraphFile, supergraphSdl);
  const gatehouseConfig = await writeGatehouseConfig(directory, supergraphFile, here('../examples'));

  const variants = await Promise.all([
    startBenchProcess<{ url: string }>('bare', here('servers/bareGateway.ts'), ['--supergraph', supergraphFile, '--fetcher', 'apollo']),
    startBenchProcess<{ url: string }>('bare-undici', here('servers/bareGateway.ts'), [
      '--supergraph',
      supergraphFile,
      '--fetcher',
      'undici',
    ]),
    startBenchProcess<{ url: string }>('gatehouse', here('servers/gatehouse.ts'), ['--config', gatehouseConfig.path]),
  ]);
  processes.push(...variants);
  const headers = { authorization: `Bearer ${gatehouseConfig.token}` };

  // Every variant must give the same full answer before it is timed, and is warmed up once.
  for (const [query, text] of Object.entries(QUERIES)) {
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
    for (const variant of variants) await runLoad(variant.ready.url, body, headers, 1, CONNECTIONS);
  }

  const samples: Sample[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [query, text] of Object.entries(QUERIES)) {
      // A/B/A/B: each round starts with a different variant, so no variant always runs first.
      const order = variants.map((_, index) => variants[(index + round) % variants.length] as (typeof variants)[number]);
      for (const variant of order) {
        const cpuBefore = await variant.cpuSeconds();
        const result = await runLoad(variant.ready.url, JSON.stringify({ query: text }), headers, DURATION_S, CONNECTIONS);
        const cpuAfter = await variant.cpuSeconds();
        if (result.failures > 0) throw new Error(`${variant.name} failed ${result.failures} requests of the ${query} query`);
        const served = result.rps * DURATION_S;
        const cpu_ms_per_request =
          cpuBefore !== undefined && cpuAfter !== undefined && served > 0 ? ((cpuAfter - cpuBefore) * 1000) / served : undefined;
        samples.push({
          variant: variant.name,
          query,
          round,
          rps: result.rps,
          p50_ms: result.p50_ms,
          p99_ms: result.p99_ms,
          cpu_ms_per_request,
        });
        process.stderr.write(
          `round ${round} ${query.padEnd(8)} ${variant.name.padEnd(11)} ${Math.round(result.rps)} req/s, ${cpu_ms_per_request?.toFixed(2) ?? '?'} CPU ms/request\n`,
        );
      }
    }
  }

  const rss = Object.fromEntries(await Promise.all(variants.map(async (variant) => [variant.name, await variant.peakRssMb()] as const)));
  const queries = Object.fromEntries(
    Object.keys(QUERIES).map((query) => {
      const summary = summarize(samples, query, rss);
      return [
        query,
        {
          variants: summary,
          ratio_rps: ratio(summary, 'gatehouse', 'bare'),
          fetcher_ratio_rps: ratio(summary, 'bare-undici', 'bare'),
          ratio_cpu_per_request: ratio(summary, 'bare', 'gatehouse', 'cpu_ms_per_request'),
        },
      ];
    }),
  );
  const report: BenchReport = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    load_average_before: loadBefore,
    load_average_after: loadavg().map((value) => Math.round(value * 100) / 100),
    rounds: ROUNDS,
    duration_s: DURATION_S,
    connections: CONNECTIONS,
    features_on: gatehouseConfig.features,
    variants: queries.standard?.variants ?? {},
    ratio_rps: queries.standard?.ratio_rps ?? 0,
    queries,
    samples,
  };
  process.stdout.write(await writeReport(report, here('results/latest.json'), here('../BENCHMARKS.md'), DESCRIPTIONS));
} finally {
  await Promise.all(processes.map((running) => running.stop()));
  await rm(directory, { recursive: true, force: true });
}
