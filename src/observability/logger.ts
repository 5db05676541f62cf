// The process's pino logger: JSON lines, one per event, with a component name per part; pretty
// lines for people when stdout is a terminal (or when asked).
import { createRequire } from 'node:module';
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** `auto`: pretty when stdout is a terminal, else JSON. */
  format?: 'auto' | 'json' | 'pretty';
}

let batchedStdout: DestinationStream | undefined;

/**
 * Stdout for JSON lines, written in batches (from 2 KB, or every 100 ms) instead of one write per line: with
 * request logs on, a write per request was 5% of the gateway's CPU on small queries. Each write is whole
 * lines and at most 4 KB (PIPE_BUF), so workers sharing stdout never tear each other's lines. pino writes
 * what is still buffered when the process exits. One per process, however many loggers share it.
 */
function stdoutInBatches(): DestinationStream {
  batchedStdout ??= pino.destination({ dest: 1, sync: false, minLength: 2048, maxWrite: 4096, periodicFlush: 100 });
  return batchedStdout;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? 'auto';
  const settings = { level: options.level ?? 'info', base: { service: 'gatehouse', pid: process.pid } };
  if (format === 'pretty' || (format === 'auto' && process.stdout.isTTY)) {
    // Loaded only for a person's terminal: a server writing JSON lines never holds the pretty-printer.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
    return pino(settings, pretty({ sync: true }));
  }
  return pino(settings, stdoutInBatches());
}

export const silentLogger: Logger = pino({ level: 'silent' });
