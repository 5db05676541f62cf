// Turns the benchmark's samples into bench/results/latest.json and the table in BENCHMARKS.md.
import { writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';

/** The machine's load average now, rounded: read before and after a run, it shows how busy the machine was. */
export const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);

/** Where and how a run was measured: the head of every benchmark's report. */
export function runConditions(loadBefore: number[], run: { rounds: number; duration_s: number; connections: number }) {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    load_average_before: loadBefore,
    load_average_after: loadAverage(),
    ...run,
  };
}

export interface Sample {
  variant: string;
  query: string;
  round: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** The gateway process's CPU time per request served. */
  cpu_ms_per_request: number | undefined;
}

export interface VariantSummary {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  rss_mb: number | undefined;
  cpu_ms_per_request: number | undefined;
}

export interface BenchReport {
  date: string;
  node: string;
  cpus: number;
  load_average_before: number[];
  load_average_after: number[];
  rounds: number;
  duration_s: number;
  connections: number;
  features_on: string[];
  /** The standard benchmark query, per variant (medians over the rounds). */
  variants: Record<string, VariantSummary>;
  /** Gatehouse (every feature on) / bare @apollo/gateway, requests per second, standard query. */
  ratio_rps: number;
  /** The same for every query, and the fetcher alone (bare gateway with Gatehouse's fetcher / bare). */
  queries: Record<
    string,
    { variants: Record<string, VariantSummary>; ratio_rps: number; fetcher_ratio_rps: number; ratio_cpu_per_request: number }
  >;
  samples: Sample[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function summarize(samples: Sample[], query: string, rss: Record<string, number | undefined>): Record<string, VariantSummary> {
  const variants = [...new Set(samples.map((sample) => sample.variant))];
  return Object.fromEntries(
    variants.map((variant) => {
      const own = samples.filter((sample) => sample.variant === variant && sample.query === query);
      return [
        variant,
        {
          rps: round2(median(own.map((sample) => sample.rps))),
          p50_ms: round2(median(own.map((sample) => sample.p50_ms))),
          p99_ms: round2(median(own.map((sample) => sample.p99_ms))),
          rss_mb: rss[variant],
          cpu_ms_per_request: own.every((sample) => sample.cpu_ms_per_request !== undefined)
            ? round2(median(own.map((sample) => sample.cpu_ms_per_request ?? 0)))
            : undefined,
        },
      ];
    }),
  );
}

export function ratio(
  variants: Record<string, VariantSummary>,
  numerator: string,
  denominator: string,
  measure: 'rps' | 'cpu_ms_per_request' = 'rps',
): number {
  const top = variants[numerator]?.[measure] ?? 0;
  const bottom = variants[denominator]?.[measure] ?? 0;
  return bottom > 0 ? round2(top / bottom) : 0;
}

function table(variants: Record<string, VariantSummary>, descriptions: Record<string, string>): string {
  const rows = Object.entries(variants).map(
    ([name, summary]) =>
      `| ${name} | ${descriptions[name] ?? ''} | ${summary.rps} | ${summary.p50_ms} | ${summary.p99_ms} | ${summary.cpu_ms_per_request ?? '?'} | ${summary.rss_mb ?? '?'} |`,
  );
  return [
    '| variant | what | req/s | p50 ms | p99 ms | gateway CPU ms/request | peak RSS MiB |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

export async function writeReport(
  report: BenchReport,
  jsonPath: string,
  markdownPath: string,
  descriptions: Record<string, string>,
): Promise<string> {
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const sections = Object.entries(report.queries).map(
    ([query, result]) =>
      `### ${query} query\n\n${table(result.variants, descriptions)}\n\nGatehouse / bare: **${result.ratio_rps}×** requests/s; ` +
      `the fetcher alone (bare gateway with Gatehouse's undici fetcher / bare): **${result.fetcher_ratio_rps}×**. ` +
      `Gateway CPU per request, bare / Gatehouse: **${result.ratio_cpu_per_request}×** (how many Gatehouse requests fit in the CPU of one bare request).`,
  );
  const markdown = [
    '# Benchmarks',
    '',
    '`npm run bench` (`tsx bench/run.ts`) starts the four example subgraphs, a bare `@apollo/gateway` + `@apollo/server`',
    "(its default fetcher, and again with Gatehouse's undici fetcher), and Gatehouse with every feature on, each in a",
    'process of its own on 127.0.0.1, then loads each in turn with autocannon, alternating the variants round by round.',
    'Numbers are medians over the rounds; the raw samples are in `bench/results/latest.json`.',
    '',
    `Last run: ${report.date}, Node ${report.node}, ${report.cpus} CPUs, ${report.rounds} rounds × ${report.duration_s} s per variant and query,`,
    `${report.connections} connections. Load average before/after: ${report.load_average_before.join(' ')} / ${report.load_average_after.join(' ')}`,
    '(the machine is shared: absolute numbers move with its load; the ratios are from the same rounds; CPU per request',
    'is measured from the gateway process itself, so it holds even when other work competes for the cores).',
    '',
    `Gatehouse ran with: ${report.features_on.join('; ')}; one worker.`,
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
  await writeFile(markdownPath, markdown);
  return markdown;
}
