// Where a gateway's time or memory goes, by stage of a request: reads a V8 CPU profile (`.cpuprofile`,
// from BENCH_CPU_PROF) or an allocation profile (`.heapprofile`, from BENCH_ALLOC_PROF) and prints each
// stage's share. A CPU profile is read over its busiest window (the load run: start-up and shutdown left
// out); an allocation profile counts every sampled allocation, collected or not, so with --requests it
// gives bytes allocated per request.
//
//   npx tsx bench/profileStages.ts <profile> [--window 15] [--requests 600]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface AllocationNode {
  id: number;
  callFrame: CallFrame;
  children: AllocationNode[];
}
interface AllocationProfile {
  head: AllocationNode;
  samples: { nodeId: number; size: number }[];
}

/** Stages by the code a frame runs, innermost frame with a script first. */
const STAGES: [RegExp, string][] = [
  [/@apollo\/(gateway|federation-internals|query-planner)\//, '@apollo/gateway: plan execution and result shaping'],
  [/@apollo\/(server|utils[^/]*)\//, 'Apollo Server: request pipeline, answer JSON'],
  [/subgraphFetcher\/planFetches/, 'Gatehouse: gathering and merging fetches'],
  [/undici|subgraphFetcher\//, 'subgraph HTTP: undici, fetcher, JSON.parse of answers'],
  [/\/src\/authz\//, 'Gatehouse: authorization'],
  [/\/src\/limits\//, 'Gatehouse: limits'],
  [/\/src\/|pino|sonic-boom|prom-client|@opentelemetry|rate-limiter-flexible/, 'Gatehouse: auth, logs, metrics, context'],
  [
    /fastify|find-my-way|avvio|body-parser|raw-body|type-is|negotiator|cors|express|node:_http|node:http|node:net|llhttp|wasm/,
    'HTTP server and sockets',
  ],
  [/node_modules\/graphql\//, 'graphql-js'],
];

function stageOf(frames: readonly CallFrame[]): string {
  for (const frame of frames) {
    if (frame.functionName === '(garbage collector)') return 'garbage collection';
    if (frame.functionName === '(program)') return 'V8 and Node internals';
    if (!frame.url) continue;
    for (const [pattern, stage] of STAGES) if (pattern.test(frame.url)) return stage;
    if (!frame.url.startsWith('node:')) return 'other';
  }
  return 'Node core: promises, timers, streams';
}

function cpuStages(profile: CpuProfile, windowS: number): { total: number; stages: Map<string, number> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
  const times: number[] = [];
  let time = profile.startTime;
  for (const delta of profile.timeDeltas) {
    time += delta;
    times.push(time);
  }
  // The busiest window: a sliding sum of busy time.
  const window = windowS * 1e6;
  let best = 0;
  let bestFrom = profile.startTime;
  let busy = 0;
  for (let end = 0, start = 0; end < times.length; end++) {
    if (!idle.has(profile.samples[end] as number)) busy += profile.timeDeltas[end] as number;
    while ((times[end] as number) - (times[start] as number) > window) {
      if (!idle.has(profile.samples[start] as number)) busy -= profile.timeDeltas[start] as number;
      start++;
    }
    if (busy > best) [best, bestFrom] = [busy, times[start] as number];
  }
  const stackOf = (id: number) => {
    const frames: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at))
      frames.push((byId.get(at) as CpuProfile['nodes'][0]).callFrame);
    return frames;
  };
  const stages = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const at = times[index] as number;
    if (idle.has(id) || at < bestFrom || at > bestFrom + window) return;
    const delta = profile.timeDeltas[index] as number;
    const stage = stageOf(stackOf(id));
    stages.set(stage, (stages.get(stage) ?? 0) + delta);
    total += delta;
  });
  return { total, stages };
}

function allocationStages(profile: AllocationProfile): { total: number; stages: Map<string, number> } {
  const sizes = new Map<number, number>();
  for (const sample of profile.samples) sizes.set(sample.nodeId, (sizes.get(sample.nodeId) ?? 0) + sample.size);
  const stages = new Map<string, number>();
  let total = 0;
  const visit = (node: AllocationNode, frames: CallFrame[]) => {
    const stack = [node.callFrame, ...frames];
    const size = sizes.get(node.id) ?? 0;
    if (size > 0) {
      const stage = stageOf(stack);
      stages.set(stage, (stages.get(stage) ?? 0) + size);
      total += size;
    }
    for (const child of node.children) visit(child, stack);
  };
  visit(profile.head, []);
  return { total, stages };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { window: { type: 'string', default: '15' }, requests: { type: 'string' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: npx tsx bench/profileStages.ts <file.cpuprofile|file.heapprofile> [--window S] [--requests N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile | AllocationProfile;
const isCpu = 'timeDeltas' in profile;
const { total, stages } = isCpu ? cpuStages(profile, Number(values.window)) : allocationStages(profile);
const requests = values.requests ? Number(values.requests) : undefined;
const amount = (value: number) =>
  requests === undefined
    ? ''
    : isCpu
      ? `${(value / 1000 / requests).toFixed(2)} ms/request`
      : `${Math.round(value / 1024 / requests)} KB/request`;
process.stdout.write(
  `${file}: ${isCpu ? `${(total / 1e6).toFixed(1)} s busy in the busiest ${values.window} s` : `${Math.round(total / 2 ** 20)} MiB allocated`}\n`,
);
for (const [stage, value] of [...stages].sort((a, b) => b[1] - a[1])) {
  process.stdout.write(`${((100 * value) / total).toFixed(1).padStart(5)}%  ${amount(value).padStart(16)}  ${stage}\n`);
}
