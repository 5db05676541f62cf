// `gatehouse start --workers N`: the primary process forks N workers (node:cluster) that each run
// the same command and share the listening port. A worker that dies after it started listening is
// replaced; one that dies before (bad supergraph, port taken) stops the whole group, since its
// replacements would fail the same way. SIGTERM/SIGINT reach every worker, each shutting down gracefully.
import cluster, { type Worker } from 'node:cluster';
import { serveClusterMetrics } from '../observability/index.ts';

export interface WorkersOptions {
  count: number;
  /** Progress lines (worker started, died, replaced). */
  report(line: string): void;
}

export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
  constructor(readonly exitCode: number) {
    super(`a worker exited with code ${exitCode} before it listened; stopping`);
  }
}

/** Resolves when every worker has exited after a stop signal; rejects when a worker could not start. */
export function runWorkers(options: WorkersOptions): Promise<void> {
  const listened = new WeakSet<Worker>();
  let stopping = false;
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
      options.report(`${signal}: stopping ${workers().length} workers`);
      for (const worker of workers()) worker.process.kill('SIGTERM');
    };
    cluster.on('exit', (worker, code, signal) => {
      if (!stopping && !listened.has(worker)) {
        failure = new WorkerStartError(code || 1);
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
