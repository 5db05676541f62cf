// Turns the benchmark's samples into bench/results/latest.json and the table in BENCHMARKS.md.
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import type { SubgraphTraffic } from './benchGraph.ts';

/** The machine's load average now, rounded: read before and after a run, it shows how busy the machine was. */
export const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);

/** Where and how a run was measured: the head of every benchmark's report. */
export function runConditions<Run extends object>(loadBefore: number[], run: Run) {
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
  connections: number;
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

export interface QueryResult {
  variants: Record<string, VariantSummary>;
  /** What one request of the query cost each variant in subgraph HTTP requests and the operations in them. */
  subgraph_traffic: Record<string, SubgraphTraffic>;
  /** Gatehouse (every feature on) / bare @apollo/gateway, requests per second. */
  ratio_rps: number;
  /** Gatehouse / bare @apollo/gateway with Gatehouse's undici fetcher, requests per second. */
  ratio_rps_to_bare_undici: number;
  /** The fetcher alone: bare gateway with Gatehouse's fetcher / bare. */
  fetcher_ratio_rps: number;
  /** Gateway CPU per request, bare / Gatehouse. */
  ratio_cpu_per_request: number;
}

export interface BenchReport {
  date: string;
  node: string;
  cpus: number;
  load_average_before: number[];
  load_average_after: number[];
  rounds: number;
  duration_s: number;
  connections: number[];
  /** Each gateway on core 0, the subgraphs and the load generator on core 1. */
  pinned: boolean;
  features_on: string[];
  /** Per number of connections, per query: medians over the rounds. */
  runs: { connections: number; queries: Record<string, QueryResult> }[];
  samples: Sample[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function summarize(
  samples: Sample[],
  query: string,
  connections: number,
  rss: Record<string, number | undefined>,
): Record<string, VariantSummary> {
  const variants = [...new Set(samples.map((sample) => sample.variant))];
  return Object.fromEntries(
    variants.map((variant) => {
      const own = samples.filter((sample) => sample.variant === variant && sample.query === query && sample.connections === connections);
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

function table(result: QueryResult, descriptions: Record<string, string>): string {
  const rows = Object.entries(result.variants).map(([name, summary]) => {
    const traffic = result.subgraph_traffic[name];
    const trips = traffic ? `${traffic.requests} (${traffic.operations} operations)` : '?';
    return `| ${name} | ${descriptions[name] ?? ''} | ${summary.rps} | ${summary.p50_ms} | ${summary.p99_ms} | ${summary.cpu_ms_per_request ?? '?'} | ${summary.rss_mb ?? '?'} | ${trips} |`;
  });
  return [
    '| variant | what | req/s | p50 ms | p99 ms | gateway CPU ms/request | peak RSS MiB | subgraph requests/query |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

const GENERATED_START = '<!-- npm run bench: results start -->';
const GENERATED_END = '<!-- npm run bench: results end -->';

/** Writes the JSON report, and the generated section of the markdown file (the rest of the file is kept). */
export async function writeReport(
  report: BenchReport,
  jsonPath: string,
  markdownPath: string,
  descriptions: Record<string, string>,
): Promise<string> {
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const sections = report.runs.flatMap(({ connections, queries }) =>
    Object.entries(queries).map(
      ([query, result]) =>
        `### ${query} query, ${connections} connections\n\n${table(result, descriptions)}\n\nGatehouse / bare: **${result.ratio_rps}×** requests/s; ` +
        `Gatehouse / bare-undici: **${result.ratio_rps_to_bare_undici}×**; the fetcher alone (bare-undici / bare): **${result.fetcher_ratio_rps}×**. ` +
        `Gateway CPU per request, bare / Gatehouse: **${result.ratio_cpu_per_request}×** (how many Gatehouse requests fit in the CPU of one bare request).`,
    ),
  );
  const generated = [
    GENERATED_START,
    `Last run: ${report.date}, Node ${report.node}, ${report.cpus} CPUs, ${report.rounds} rounds × ${report.duration_s} s per variant, query and`,
    `number of connections (${report.connections.join(', ')}); ${report.pinned ? 'each gateway pinned to core 0, the subgraphs and the load generator to core 1' : 'unpinned'}.`,
    `Load average before/after: ${report.load_average_before.join(' ')} / ${report.load_average_after.join(' ')}`,
    '(the machine is shared: absolute numbers move with its load; the ratios are from the same rounds; CPU per request',
    'is measured from the gateway process itself, so it holds even when other work competes for the cores).',
    '',
    `Gatehouse ran with: ${report.features_on.join('; ')}; one worker.`,
    '',
    ...sections.flatMap((section) => [section, '']),
    GENERATED_END,
  ].join('\n');
  let existing = '';
  try {
    existing = await readFile(markdownPath, 'utf8');
  } catch {}
  const start = existing.indexOf(GENERATED_START);
  const end = existing.indexOf(GENERATED_END);
  const markdown =
    start !== -1 && end > start
      ? `${existing.slice(0, start)}${generated}${existing.slice(end + GENERATED_END.length)}`
      : `${existing.trimEnd()}\n\n${generated}\n`;
  await writeFile(markdownPath, markdown);
  return generated;
}
