// `npm run bench`: Gatehouse against a bare @apollo/gateway on the same subgraphs, in the same run, at each
// number of connections. Each gateway is pinned to one core, the subgraphs and the load generator to the
// other (when the machine has two), so a gateway's CPU per request is its own.
//
// Options (environment): BENCH_ROUNDS (3), BENCH_DURATION seconds (5), BENCH_CONNECTIONS ("16,50"),
// BENCH_VARIANTS (all: "bare,bare-undici,gatehouse"), BENCH_QUERIES (all: "standard,small"), BENCH_CPU_PROF=<directory> (V8 CPU profiles of the
// gateways, written when they stop), BENCH_ALLOC_PROF=<directory> (what the gateways allocate, collected objects included),
// BENCH_PIN=0 (no pinning). bench/profileStages.ts reads either kind of profile by stage.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_QUERIES, checkSameAnswersAndWarmUp, startBenchSubgraphs, timedRun } from './benchGraph.ts';
import { type BenchProcess, type BenchProcessOptions, startBenchProcess } from './benchProcess.ts';
import { writeGatehouseConfig } from './gatehouseConfig.ts';
import { type BenchReport, loadAverage, ratio, runConditions, type Sample, summarize, writeReport } from './report.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16,50').split(',').map(Number);
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'bare,bare-undici,gatehouse').split(',');
const QUERIES = (process.env.BENCH_QUERIES ?? Object.keys(BENCH_QUERIES).join(',')).split(',');
const CPU_PROFILES = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
const ALLOCATION_PROFILES = process.env.BENCH_ALLOC_PROF ? resolve(process.env.BENCH_ALLOC_PROF) : undefined;
const CPUS = availableParallelism();
const PIN = process.env.BENCH_PIN !== '0' && CPUS >= 2;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const DESCRIPTIONS: Record<string, string> = {
  bare: "@apollo/gateway + @apollo/server standalone, the gateway's default fetcher (make-fetch-happen)",
  'bare-undici': "the same, with Gatehouse's undici fetcher",
  gatehouse: 'Gatehouse, every feature on',
};

if (PIN) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
const gatewayProcess: BenchProcessOptions = {
  ...(PIN ? { cpus: '0' } : {}),
  nodeOptions: [
    ...(process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
    ...(CPU_PROFILES ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILES}`] : []),
    ...(ALLOCATION_PROFILES ? ['--import', here('allocationSampler.ts')] : []),
  ],
  ...(ALLOCATION_PROFILES ? { env: { BENCH_ALLOC_PROF: ALLOCATION_PROFILES } } : {}),
};

const loadBefore = loadAverage();
const directory = await mkdtemp(join(tmpdir(), 'gatehouse-bench-'));
const processes: BenchProcess<unknown>[] = [];
try {
  const { server: subgraphs, supergraphFile } = await startBenchSubgraphs(directory, PIN ? '1' : undefined);
  processes.push(subgraphs);
  const gatehouseConfig = await writeGatehouseConfig(directory, supergraphFile, here('benchPermissions.ts'));

  const starters: Record<string, () => Promise<BenchProcess<{ url: string }>>> = {
    bare: () =>
      startBenchProcess('bare', here('servers/bareGateway.ts'), ['--supergraph', supergraphFile, '--fetcher', 'apollo'], gatewayProcess),
    'bare-undici': () =>
      startBenchProcess(
        'bare-undici',
        here('servers/bareGateway.ts'),
        ['--supergraph', supergraphFile, '--fetcher', 'undici'],
        gatewayProcess,
      ),
    gatehouse: () =>
      startBenchProcess('gatehouse', here('servers/gatehouse.ts'), ['--config', gatehouseConfig.path], {
        ...gatewayProcess,
        env: { ...gatewayProcess.env, TSX_TSCONFIG_PATH: here('tsconfig.rules.json') },
      }),
  };
  const variants = await Promise.all(
    VARIANTS.map((name) => {
      const start = starters[name];
      if (!start) throw new Error(`BENCH_VARIANTS: unknown variant "${name}" (known: ${Object.keys(starters).join(', ')})`);
      return start();
    }),
  );
  processes.push(...variants);
  const headers = { authorization: `Bearer ${gatehouseConfig.token}` };

  const subgraphTraffic = await checkSameAnswersAndWarmUp(variants, headers, Math.max(...CONNECTIONS), subgraphs);

  const samples: Sample[] = [];
  for (const connections of CONNECTIONS) {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const query of QUERIES) {
        // A/B/A/B: each round starts with a different variant, so no variant always runs first.
        const order = variants.map((_, index) => variants[(index + round) % variants.length] as (typeof variants)[number]);
        for (const variant of order) {
          const result = await timedRun(variant, query, { headers, durationS: DURATION_S, connections });
          const { cpu_ms_per_request } = result;
          samples.push({
            variant: variant.name,
            query,
            connections,
            round,
            rps: result.rps,
            p50_ms: result.p50_ms,
            p99_ms: result.p99_ms,
            cpu_ms_per_request,
          });
          process.stderr.write(
            `${connections} conn, round ${round} ${query.padEnd(8)} ${variant.name.padEnd(11)} ${Math.round(result.rps)} req/s, ` +
              `p99 ${result.p99_ms} ms, ${cpu_ms_per_request?.toFixed(2) ?? '?'} CPU ms/request\n`,
          );
        }
      }
    }
  }

  if (CPU_PROFILES || ALLOCATION_PROFILES) {
    // What bench/profileStages.ts divides by for a cost per request (the warm-up adds about a second's worth per query).
    for (const variant of variants) {
      const served = samples.filter((sample) => sample.variant === variant.name).reduce((sum, sample) => sum + sample.rps * DURATION_S, 0);
      process.stderr.write(`${variant.name} (pid ${variant.child.pid}): ${Math.round(served)} timed requests\n`);
    }
  }

  const rss = Object.fromEntries(await Promise.all(variants.map(async (variant) => [variant.name, await variant.peakRssMb()] as const)));
  const runs = CONNECTIONS.map((connections) => ({
    connections,
    queries: Object.fromEntries(
      QUERIES.map((query) => {
        const summary = summarize(samples, query, connections, rss);
        return [
          query,
          {
            variants: summary,
            subgraph_traffic: subgraphTraffic[query] ?? {},
            ratio_rps: ratio(summary, 'gatehouse', 'bare'),
            ratio_rps_to_bare_undici: ratio(summary, 'gatehouse', 'bare-undici'),
            fetcher_ratio_rps: ratio(summary, 'bare-undici', 'bare'),
            ratio_cpu_per_request: ratio(summary, 'bare', 'gatehouse', 'cpu_ms_per_request'),
          },
        ];
      }),
    ),
  }));
  const report: BenchReport = {
    ...runConditions(loadBefore, { cpus: CPUS, rounds: ROUNDS, duration_s: DURATION_S, connections: CONNECTIONS, pinned: PIN }),
    features_on: gatehouseConfig.features,
    runs,
    samples,
  };
  process.stdout.write(await writeReport(report, here('results/latest.json'), here('../BENCHMARKS.md'), DESCRIPTIONS));
} finally {
  await Promise.all(processes.map((running) => running.stop()));
  await rm(directory, { recursive: true, force: true });
}
