// `npx tsx bench/limitsOverhead.ts`: what the limits cost, on the benchmark query and a small one. Two
// Gatehouse processes on the same example subgraphs — every limit on (shape limits, demand control, a
// cost budget and an anonymous request rate, in memory) and `limits.enabled: false` — in alternating
// rounds of autocannon; medians of req/s, p50 and gateway CPU per request (measured from the process,
// so it holds on a loaded machine), and their ratios on / off. Then, in this process, the limits' own
// work for one request on a warm cache, in microseconds, and what it adds to a request's CPU.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { stringify } from 'yaml';
import type { ExampleSubgraphName } from '../examples/subgraphs/schemas.ts';
import { limitsConfigSchema } from '../src/config/limitsConfig.ts';
import { createRateBudgets } from '../src/limits/budget/rateBudgets.ts';
import { LimitProfiles } from '../src/limits/limitProfiles.ts';
import { OperationChecks } from '../src/limits/operationChecks.ts';
import { silentLogger } from '../src/observability/index.ts';
import { BENCH_QUERIES, checkSameAnswersAndWarmUp, startBenchSubgraphs, timedRun } from './benchGraph.ts';
import { type BenchProcess, startBenchProcess } from './benchProcess.ts';
import { loadAverage, runConditions } from './report.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ITERATIONS = Number(process.env.LIMITS_BENCH_ITERATIONS ?? 20_000);

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Every limit on at its default, plus budgets the benchmark never exhausts (so every request is charged, none refused). */
const LIMITS_ON = { rate: { budget: 1_000_000_000_000, anonymous_requests: 1_000_000_000 } };

interface Sample {
  variant: string;
  query: string;
  rps: number;
  p50_ms: number;
  cpu_ms_per_request: number | undefined;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function writeConfig(directory: string, name: string, supergraphFile: string, limits: unknown): Promise<string> {
  const path = join(directory, `${name}.yaml`);
  const config = { supergraph: { file: supergraphFile, watch: false }, server: { host: '127.0.0.1', port: 0 }, log_level: 'warn', limits };
  await writeFile(path, stringify(config));
  return path;
}

function rounded(value: number | undefined, precision = 10): number | undefined {
  return value === undefined ? undefined : Math.round(value * precision) / precision;
}

function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
  return numerator !== undefined && denominator ? Math.round((numerator / denominator) * 1000) / 1000 : undefined;
}

/** The limits' work for one request, cache warm: the checks, the cost for the budget, the two charges. */
async function limitsWorkMicroseconds(supergraphSdl: string, query: string): Promise<number> {
  const config = limitsConfigSchema.parse(LIMITS_ON);
  const profiles = new LimitProfiles(config);
  const checks = new OperationChecks(config, profiles.bounds([]), silentLogger);
  checks.useSupergraph(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema(), supergraphSdl);
  const budgets = await createRateBudgets(config.rate, silentLogger);
  const limits = profiles.limitsFor(undefined);
  const operation = { query, operationName: undefined, variables: undefined };
  const once = async () => {
    checks.check(operation, limits);
    await budgets.requests.charge('ip:127.0.0.1', 1, config.rate.anonymous_requests);
    await budgets.cost.charge('ip:127.0.0.1', checks.costOf(operation) ?? 0, limits.budget);
  };
  for (let warm = 0; warm < 1000; warm++) await once();
  const started = process.hrtime.bigint();
  for (let iteration = 0; iteration < ITERATIONS; iteration++) await once();
  const elapsed = Number(process.hrtime.bigint() - started) / 1000;
  await budgets.close();
  return Math.round((elapsed / ITERATIONS) * 10) / 10;
}

const loadBefore = loadAverage();
const directory = await mkdtemp(join(tmpdir(), 'gatehouse-limits-bench-'));
const processes: BenchProcess<{ url?: string; urls?: Record<ExampleSubgraphName, string> }>[] = [];
try {
  const { server: subgraphs, supergraphSdl, supergraphFile } = await startBenchSubgraphs(directory);
  processes.push(subgraphs);
  const variants = await Promise.all([
    startBenchProcess<{ url: string }>('limits on', here('servers/gatehouse.ts'), [
      '--config',
      await writeConfig(directory, 'on', supergraphFile, LIMITS_ON),
    ]),
    startBenchProcess<{ url: string }>('limits off', here('servers/gatehouse.ts'), [
      '--config',
      await writeConfig(directory, 'off', supergraphFile, { enabled: false }),
    ]),
  ]);
  processes.push(...variants);

  await checkSameAnswersAndWarmUp(variants, {}, CONNECTIONS, subgraphs);

  const samples: Sample[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of Object.keys(BENCH_QUERIES)) {
      // A/B, then B/A: each round starts with the other variant, so neither always runs first.
      for (const variant of round % 2 === 0 ? [...variants].reverse() : variants) {
        const result = await timedRun(variant, name, { headers: {}, durationS: DURATION_S, connections: CONNECTIONS });
        const cpu = result.cpu_ms_per_request;
        samples.push({ variant: variant.name, query: name, rps: result.rps, p50_ms: result.p50_ms, cpu_ms_per_request: cpu });
        process.stderr.write(
          `round ${round} ${name.padEnd(8)} ${variant.name.padEnd(10)} ${Math.round(result.rps)} req/s, ${cpu?.toFixed(3) ?? '?'} CPU ms/request\n`,
        );
      }
    }
  }

  const queries = Object.fromEntries(
    await Promise.all(
      Object.entries(BENCH_QUERIES).map(async ([name, query]) => {
        const summary = Object.fromEntries(
          variants.map((variant) => {
            const mine = samples.filter((sample) => sample.variant === variant.name && sample.query === name);
            const cpu = mine.flatMap((sample) => (sample.cpu_ms_per_request === undefined ? [] : [sample.cpu_ms_per_request]));
            return [
              variant.name,
              {
                rps: rounded(median(mine.map((sample) => sample.rps))),
                p50_ms: median(mine.map((sample) => sample.p50_ms)),
                cpu_ms_per_request: rounded(median(cpu), 1000),
              },
            ];
          }),
        );
        const on = summary['limits on'];
        const off = summary['limits off'];
        const workUs = await limitsWorkMicroseconds(supergraphSdl, query);
        return [
          name,
          {
            variants: summary,
            ratio_rps: ratio(on?.rps, off?.rps),
            ratio_cpu_per_request: ratio(on?.cpu_ms_per_request, off?.cpu_ms_per_request),
            limits_work_us_per_request: workUs,
            // The limits' own work added to a request with them off: the overhead without the noise of two processes.
            ratio_cpu_with_limits_work: off?.cpu_ms_per_request
              ? ratio(off.cpu_ms_per_request + workUs / 1000, off.cpu_ms_per_request)
              : undefined,
          },
        ] as const;
      }),
    ),
  );
  const report = {
    ...runConditions(loadBefore, { rounds: ROUNDS, duration_s: DURATION_S, connections: CONNECTIONS }),
    queries,
    samples,
  };
  await writeFile(here('results/limits-overhead.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const [name, result] of Object.entries(queries)) {
    const on = result.variants['limits on'];
    const off = result.variants['limits off'];
    process.stdout.write(
      [
        `${name} query`,
        `  limits on : ${on?.rps} req/s, p50 ${on?.p50_ms} ms, ${on?.cpu_ms_per_request?.toFixed(3)} CPU ms/request`,
        `  limits off: ${off?.rps} req/s, p50 ${off?.p50_ms} ms, ${off?.cpu_ms_per_request?.toFixed(3)} CPU ms/request`,
        `  on/off: ${result.ratio_rps} × the throughput, ${result.ratio_cpu_per_request} × the CPU per request`,
        `  the limits' own work: ${result.limits_work_us_per_request} µs per request (warm cache), ${result.ratio_cpu_with_limits_work} × the CPU per request with limits off`,
        '',
      ].join('\n'),
    );
  }
} finally {
  await Promise.all(processes.map((running) => running.stop()));
  await rm(directory, { recursive: true, force: true });
}
