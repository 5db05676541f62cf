// Batches usage in memory and sends it off the request path: counts per (operation, client), flushed
// on a timer or when a batch is full. A report that fails is merged back for the next attempt, within
// a bound, so an unreachable registry costs the gateway memory it chose, never latency.
import type { Logger } from '../../observability/index.ts';
import type { ReportedOperation, UsageReport } from './usageReport.ts';

export interface UsageReporterOptions {
  send(report: UsageReport): Promise<void>;
  flushIntervalMs: number;
  maxOperationsPerReport: number;
  maxPendingOperations: number;
  logger: Logger;
}

export interface UsedOperation {
  operationHash: string;
  operationName: string;
  coordinates: readonly string[];
}

export class UsageReporter {
  readonly #options: UsageReporterOptions;
  #pending = new Map<string, ReportedOperation>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #dropped = 0;

  constructor(options: UsageReporterOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => void this.flush(), this.#options.flushIntervalMs);
    this.#timer.unref();
  }

  /** Counts one execution; never waits and never throws. */
  record(operation: UsedOperation, client: { name: string; version: string }): void {
    const key = `${operation.operationHash}\u0000${client.name}\u0000${client.version}`;
    const pending = this.#pending.get(key);
    if (pending) {
      pending.count += 1;
      return;
    }
    if (this.#pending.size >= this.#options.maxPendingOperations) {
      this.#dropped += 1;
      return;
    }
    this.#pending.set(key, {
      operationHash: operation.operationHash,
      operationName: operation.operationName,
      clientName: client.name,
      clientVersion: client.version,
      count: 1,
      coordinates: [...operation.coordinates],
    });
    if (this.#pending.size >= this.#options.maxOperationsPerReport) void this.flush();
  }

  /** Sends everything pending, one report at a time; resolves when done (or failed and merged back). */
  flush(): Promise<void> {
    this.#flushing ??= this.#sendPending().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #sendPending(): Promise<void> {
    while (this.#pending.size > 0) {
      const batch = [...this.#pending.entries()].slice(0, this.#options.maxOperationsPerReport);
      for (const [key] of batch) this.#pending.delete(key);
      try {
        await this.#options.send({ operations: batch.map(([, operation]) => operation) });
      } catch (error) {
        this.#mergeBack(batch);
        this.#options.logger.warn({ err: (error as Error).message, operations: batch.length }, 'usage report failed; retrying later');
        return;
      }
    }
    if (this.#dropped > 0) {
      this.#options.logger.warn({ dropped: this.#dropped }, 'usage of some operations was dropped while the registry was unreachable');
      this.#dropped = 0;
    }
  }

  #mergeBack(batch: [string, ReportedOperation][]) {
    for (const [key, operation] of batch) {
      const newer = this.#pending.get(key);
      if (newer) newer.count += operation.count;
      else if (this.#pending.size < this.#options.maxPendingOperations) this.#pending.set(key, operation);
      else this.#dropped += operation.count;
    }
  }

  /** Stops the timer and sends what is pending, once. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
