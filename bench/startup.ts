// `npx tsx bench/startup.ts [--runs 7] [--bin path/to/bin/gatehouse.js]`: how long the `gatehouse` command
// takes to answer, as whole processes (node's own start included), the median of several runs each:
// `--help`, `token --sub 1`, `subgraph list` against a running registry, `compose`, and `start
// --supergraph FILE` until `/ready` answers 200. `--bin` measures another checkout (e.g. an older commit).
// Beside the wall time, the CPU time (user + system) each run used: on a shared machine the wall time
// grows with the load, the CPU time much less (Linux: GNU time, /proc).
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startRegistry } from '../src/registry/index.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, bin: { type: 'string', default: here('../bin/gatehouse.js') } },
});
const runs = Number(values.runs);
const bin = values.bin;
const repoRoot = here('../');

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

interface Sample {
  wall: number;
  cpu: number;
}

/** Runs `gatehouse ARGS` to its exit under GNU time; resolves with its wall and CPU seconds. */
function timeCommand(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Sample> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const command = ['-f', 'cpu %U %S', process.execPath, bin, ...args];
    execFile('/usr/bin/time', command, { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 }, (error, _stdout, stderr) => {
      const cpu = /^cpu (\S+) (\S+)$/m.exec(stderr);
      if (error || !cpu) reject(new Error(`gatehouse ${args.join(' ')} failed: ${stderr || error?.message}`));
      else resolve({ wall: (performance.now() - started) / 1000, cpu: Number(cpu[1]) + Number(cpu[2]) });
    });
  });
}

/** CPU seconds (user + system) a running process has used so far (Linux). */
async function cpuSecondsOf(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Starts `gatehouse start ARGS` and resolves with the seconds until its /ready answers 200; then stops it. */
function timeStartToReady(args: string[]): Promise<Sample> {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'start', ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  return new Promise<Sample>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gatehouse start was not ready in 60 s:\n${output}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`gatehouse start exited with ${code}:\n${output}`)));
    child.stderr.on('data', async (chunk: Buffer) => {
      output += chunk.toString();
      const url = /^health\s+\S+\s+ready (http:\/\/\S+)$/m.exec(output)?.[1];
      if (!url) return;
      child.stderr.removeAllListeners('data');
      while ((await fetch(url).catch(() => undefined))?.status !== 200) await new Promise((next) => setImmediate(next));
      clearTimeout(timer);
      const wall = (performance.now() - started) / 1000;
      resolve({ wall, cpu: await cpuSecondsOf(child.pid as number) });
    });
  }).finally(() => {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  });
}

async function measure(name: string, once: () => Promise<Sample>) {
  await once(); // warm the file system cache; not counted
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run++) samples.push(await once());
  return { name, wall: median(samples.map((sample) => sample.wall)), cpu: median(samples.map((sample) => sample.cpu)), samples };
}

const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-startup-bench-'));
const registry = await startRegistry({ port: 0, data_dir: dataDir, seedFrom: join(repoRoot, 'supergraph.yaml') });
try {
  const loadBefore = loadavg()[0];
  const results = [
    await measure('gatehouse --help', () => timeCommand(['--help'])),
    await measure('gatehouse token --sub 1', () => timeCommand(['token', '--sub', '1'])),
    await measure('gatehouse subgraph list', () =>
      timeCommand(['subgraph', 'list'], { GATEHOUSE_REGISTRY_URL: registry.url, GATEHOUSE_TOKEN: registry.adminToken }),
    ),
    await measure('gatehouse compose --config supergraph.yaml', () => timeCommand(['compose', '--config', 'supergraph.yaml'])),
    await measure('gatehouse start --supergraph FILE → /ready', () =>
      timeStartToReady(['--supergraph', 'schema/supergraph.graphql', '--port', '0', '--workers', '1']),
    ),
  ];
  const loadAfter = loadavg()[0];
  console.log(`${bin}: median of ${runs} runs; load average ${loadBefore?.toFixed(2)} before, ${loadAfter?.toFixed(2)} after`);
  for (const result of results) {
    const walls = result.samples.map((sample) => sample.wall.toFixed(2)).join(' ');
    console.log(`${result.name.padEnd(46)} wall ${result.wall.toFixed(2)} s  cpu ${result.cpu.toFixed(2)} s   (walls: ${walls})`);
  }
} finally {
  await registry.close();
  await rm(dataDir, { recursive: true, force: true });
}
