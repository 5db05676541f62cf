// The process's pino logger: JSON lines, one per event, with a component name per part; pretty
// lines for people when stdout is a terminal (or when asked).
import { createRequire } from 'node:module';
import { type LevelWithSilent, type Logger, pino } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** `auto`: pretty when stdout is a terminal, else JSON. */
  format?: 'auto' | 'json' | 'pretty';
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? 'auto';
  const settings = { level: options.level ?? 'info', base: { service: 'gatehouse', pid: process.pid } };
  if (format === 'pretty' || (format === 'auto' && process.stdout.isTTY)) {
    // Loaded only for a person's terminal: a server writing JSON lines never holds the pretty-printer.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
    return pino(settings, pretty({ sync: true }));
  }
  return pino(settings);
}

export const silentLogger: Logger = pino({ level: 'silent' });
