// `npx tsx bench/limitsOverhead.ts`: what the limits cost on the benchmark query. Two Gatehouse
// processes on the same example subgraphs — every limit on (shape limits, demand control, a cost
// budget and an anonymous request rate, in memory) and `limits.enabled: false` — in alternating rounds
// of autocannon; medians of req/s, p50 and gateway CPU per request, and their ratios (on / off).
// Then, in this process, the limits' own work for one request on a warm cache, in microseconds.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { stringify } from 'yaml';
import { EXAMPLE_SUBGRAPH_NAMES, type ExampleSubgraphName, readExampleSdl } from '../examples/subgraphs/schemas.ts';
import { composeSupergraph } from '../src/compose/index.ts';
import { limitsConfigSchema } from '../src/config/limitsConfig.ts';
import { createRateBudgets } from '../src/limits/budget/rateBudgets.ts';
import { LimitProfiles } from '../src/limits/limitProfiles.ts';
import { OperationChecks } from '../src/limits/operationChecks.ts';
import { silentLogger } from '../src/observability/index.ts';
import { type BenchProcess, startBenchProcess } from './benchProcess.ts';
import { runLoad } from './loadTest.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ITERATIONS = Number(process.env.LIMITS_BENCH_ITERATIONS ?? 20_000);

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const query = await readFile(here('../test/fixtures/bench-query.graphql'), 'utf8');
const body = JSON.stringify({ query });

/** Every limit on at its default, plus budgets the benchmark never exhausts (so every request is charged, none refused). */
const LIMITS_ON = { rate: { budget: 1_000_000_000_000, anonymous_requests: 1_000_000_000 } };

interface Sample {
  variant: string;
  rps: number;
  p50_ms: number;
  cpu_ms_per_request: number | undefined;
}

function median(values: number[]): number {
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

/** The limits' work for one request of the benchmark query, cache warm: the checks, the cost for the budget, the charge. */
async function limitsWorkMicroseconds(supergraphSdl: string): Promise<number> {
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
  return elapsed / ITERATIONS;
}

const loadBefore = loadavg().map((value) => Math.round(value * 100) / 100);
const directory = await mkdtemp(join(tmpdir(), 'gatehouse-limits-bench-'));
const processes: BenchProcess<{ url?: string; urls?: Record<ExampleSubgraphName, string> }>[] = [];
try {
  const subgraphs = await startBenchProcess<{ urls: Record<ExampleSubgraphName, string> }>('subgraphs', here('servers/subgraphs.ts'), []);
  processes.push(subgraphs);
  const { supergraphSdl } = composeSupergraph(
    EXAMPLE_SUBGRAPH_NAMES.map((name) => ({ name, url: subgraphs.ready.urls[name], sdl: readExampleSdl(name) })),
  );
  const supergraphFile = join(directory, 'supergraph.graphql');
  await writeFile(supergraphFile, supergraphSdl);
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

  // Both must give the same full answer before they are timed, and are warmed up once.
  const answers = await Promise.all(
    variants.map(async (variant) => {
      const response = await fetch(variant.ready.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return JSON.stringify(await response.json());
    }),
  );
  if (new Set(answers).size !== 1 || answers[0]?.includes('"errors"'))
    throw new Error(`the variants answer differently:\n${answers.join('\n')}`);
  for (const variant of variants) await runLoad(variant.ready.url, body, {}, 1, CONNECTIONS);

  const samples: Sample[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // A/B/B/A…: each round starts with the other variant, so neither always runs first.
    for (const variant of round % 2 === 0 ? [...variants].reverse() : variants) {
      const cpuBefore = await variant.cpuSeconds();
      const result = await runLoad(variant.ready.url, body, {}, DURATION_S, CONNECTIONS);
      const cpuAfter = await variant.cpuSeconds();
      if (result.failures > 0) throw new Error(`${variant.name} failed ${result.failures} requests`);
      const served = result.rps * DURATION_S;
      const cpu = cpuBefore !== undefined && cpuAfter !== undefined && served > 0 ? ((cpuAfter - cpuBefore) * 1000) / served : undefined;
      samples.push({ variant: variant.name, rps: result.rps, p50_ms: result.p50_ms, cpu_ms_per_request: cpu });
      process.stderr.write(
        `round ${round} ${variant.name.padEnd(10)} ${Math.round(result.rps)} req/s, ${cpu?.toFixed(3) ?? '?'} CPU ms/request\n`,
      );
    }
  }

  const summary = Object.fromEntries(
    variants.map((variant) => {
      const mine = samples.filter((sample) => sample.variant === variant.name);
      const cpu = mine.flatMap((sample) => (sample.cpu_ms_per_request === undefined ? [] : [sample.cpu_ms_per_request]));
      return [
        variant.name,
        {
          rps: Math.round(median(mine.map((sample) => sample.rps))),
          p50_ms: median(mine.map((sample) => sample.p50_ms)),
          cpu_ms_per_request: cpu.length > 0 ? Math.round(median(cpu) * 1000) / 1000 : undefined,
        },
      ];
    }),
  );
  const on = summary['limits on'];
  const off = summary['limits off'];
  const limitsWorkUs = await limitsWorkMicroseconds(supergraphSdl);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    load_average_before: loadBefore,
    load_average_after: loadavg().map((value) => Math.round(value * 100) / 100),
    rounds: ROUNDS,
    duration_s: DURATION_S,
    connections: CONNECTIONS,
    query: 'test/fixtures/bench-query.graphql (estimated cost 749)',
    variants: summary,
    ratio_rps: on && off ? Math.round((on.rps / off.rps) * 1000) / 1000 : undefined,
    ratio_cpu_per_request:
      on?.cpu_ms_per_request && off?.cpu_ms_per_request
        ? Math.round((on.cpu_ms_per_request / off.cpu_ms_per_request) * 1000) / 1000
        : undefined,
    limits_work_us_per_request: Math.round(limitsWorkUs * 10) / 10,
    samples,
  };
  await writeFile(here('results/limits-overhead.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    [
      `limits on : ${on?.rps} req/s, p50 ${on?.p50_ms} ms, ${on?.cpu_ms_per_request} CPU ms/request`,
      `limits off: ${off?.rps} req/s, p50 ${off?.p50_ms} ms, ${off?.cpu_ms_per_request} CPU ms/request`,
      `ratio on/off: ${report.ratio_rps} × the throughput, ${report.ratio_cpu_per_request} × the CPU per request`,
      `the limits' own work per request (warm cache, in process): ${report.limits_work_us_per_request} µs`,
      '',
    ].join('\n'),
  );
} finally {
  await Promise.all(processes.map((running) => running.stop()));
  await rm(directory, { recursive: true, force: true });
}
