// `gatehouse start --workers N`: the primary process forks N workers (node:cluster) that each run
// the same command and share the listening port. A worker that dies after it started listening is
// replaced; one that cannot start (bad supergraph, port taken) tells the primary why and exits, and
// the primary stops the whole group and fails with that one reason (printed once, not once per
// worker), since replacements would fail the same way. SIGTERM/SIGINT reach every worker, each
// shutting down gracefully.
import cluster, { type Worker } from 'node:cluster';
import { serveClusterMetrics } from '../observability/index.ts';

export interface WorkersOptions {
  count: number;
  /** Progress lines (worker started, died, replaced). */
  report(line: string): void;
}

const START_FAILED = 'gatehouse:start-failed';

export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
  constructor(
    /** The line the worker would have printed, or how it exited when it said nothing. */
    readonly line: string,
  ) {
    super(line);
  }
}

/** In a worker that cannot start: sends the primary the line it would print, then lets the process exit. */
export function reportWorkerStartFailure(reason: string): Promise<void> {
  return new Promise((resolve) => {
    // The channel to the primary would keep this process alive; the primary prints the reason.
    process.send?.({ type: START_FAILED, reason }, undefined, {}, () => {
      process.disconnect?.();
      resolve();
    });
  });
}

const isStartFailure = (message: unknown): message is { type: string; reason: string } =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === START_FAILED;

/** Resolves when every worker has exited after a stop signal; rejects when a worker could not start. */
export function runWorkers(options: WorkersOptions): Promise<void> {
  const listened = new WeakSet<Worker>();
  let stopping = false;
  let reason: string | undefined;
  let failure: WorkerStartError | undefined;
  const workers = () => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);

  serveClusterMetrics();
  return new Promise((resolve, reject) => {
    const fork = () => {
      const worker = cluster.fork();
      worker.once('listening', () => {
        listened.add(worker);
        options.report(`worker ${worker.process.pid} listening`);
      });
    };
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      if (signal !== 'startup failure') options.report(`${signal}: stopping ${workers().length} workers`);
      for (const worker of workers()) worker.process.kill('SIGTERM');
    };
    cluster.on('message', (_worker, message: unknown) => {
      if (isStartFailure(message)) reason ??= message.reason;
    });
    cluster.on('exit', (worker, code, signal) => {
      if (!stopping && !listened.has(worker)) {
        failure = new WorkerStartError(reason ?? `error: a worker exited (${signal ?? `code ${code}`}) before it listened`);
        stop('startup failure');
      } else if (!stopping) {
        options.report(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting a replacement`);
        fork();
      }
      if (stopping && workers().length === 0) {
        if (failure) reject(failure);
        else resolve();
      }
    });
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    for (let index = 0; index < options.count; index++) fork();
  });
}
