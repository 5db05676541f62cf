// `npm run bench`: Gatehouse against a bare @apollo/gateway on the same subgraphs, in the same run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExampleSubgraphName } from '../examples/subgraphs/schemas.ts';
import { BENCH_QUERIES, checkSameAnswersAndWarmUp, startBenchSubgraphs, timedRun } from './benchGraph.ts';
import { type BenchProcess, startBenchProcess } from './benchProcess.ts';
import { writeGatehouseConfig } from './gatehouseConfig.ts';
import { type BenchReport, loadAverage, ratio, runConditions, type Sample, summarize, writeReport } from './report.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const DESCRIPTIONS: Record<string, string> = {
  bare: "@apollo/gateway + @apollo/server standalone, the gateway's default fetcher (make-fetch-happen)",
  'bare-undici': "the same, with Gatehouse's undici fetcher",
  gatehouse: 'Gatehouse, every feature on',
};

const loadBefore = loadAverage();
const directory = await mkdtemp(join(tmpdir(), 'gatehouse-bench-'));
const processes: BenchProcess<{ url?: string; urls?: Record<ExampleSubgraphName, string> }>[] = [];
try {
  const { server: subgraphs, supergraphFile } = await startBenchSubgraphs(directory);
  processes.push(subgraphs);
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

  await checkSameAnswersAndWarmUp(variants, headers, CONNECTIONS);

  const samples: Sample[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const query of Object.keys(BENCH_QUERIES)) {
      // A/B/A/B: each round starts with a different variant, so no variant always runs first.
      const order = variants.map((_, index) => variants[(index + round) % variants.length] as (typeof variants)[number]);
      for (const variant of order) {
        const result = await timedRun(variant, query, { headers, durationS: DURATION_S, connections: CONNECTIONS });
        const { cpu_ms_per_request } = result;
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
    Object.keys(BENCH_QUERIES).map((query) => {
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
    ...runConditions(loadBefore, { rounds: ROUNDS, duration_s: DURATION_S, connections: CONNECTIONS }),
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
