// A server the benchmark runs in a process of its own (so each variant's CPU and memory are its own):
// started with tsx, ready when it prints its JSON line, measured by its peak RSS, stopped with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface BenchProcess<T> {
  name: string;
  ready: T;
  child: ChildProcess;
  /** Peak resident set size so far, in MiB (Linux: VmHWM). */
  peakRssMb(): Promise<number | undefined>;
  /** CPU time (user + system) the process has used, in seconds (Linux), to price a request independent of the machine's load. */
  cpuSeconds(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export interface BenchProcessOptions {
  /** CPUs to pin the process to (`taskset -c`), e.g. "0"; unpinned when absent. */
  cpus?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeOptions?: string[];
  /** Extra environment variables. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export async function startBenchProcess<T>(
  name: string,
  script: string,
  args: string[],
  { cpus, nodeOptions = [], env = {}, timeoutMs = 60_000 }: BenchProcessOptions = {},
): Promise<BenchProcess<T>> {
  // tsx first, so a node option may --import a TypeScript module.
  const command = [process.execPath, '--import', 'tsx', ...nodeOptions, script, ...args];
  // taskset execs node in place, so the child's pid is node's own (for /proc readings and signals).
  const [file, ...rest] = cpus ? ['taskset', '-c', cpus, ...command] : command;
  const child = spawn(file as string, rest, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const ready = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
    void exited.then(() => reject(new Error(`${name} exited before it was ready`)));
    lines.on('line', (line) => {
      if (!line.startsWith('{"ready":true')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as T);
    });
  });
  // Keep draining stdout (request logs) so the process never blocks on a full pipe.
  lines.removeAllListeners('line');
  lines.on('line', () => {});
  return {
    name,
    ready,
    child,
    async peakRssMb() {
      try {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]);
        return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined;
      } catch {
        return undefined;
      }
    },
    async cpuSeconds() {
      try {
        // Fields 14 and 15 of /proc/PID/stat (after the parenthesised command name): utime, stime in clock ticks.
        const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
        return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
      } catch {
        return undefined;
      }
    },
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
