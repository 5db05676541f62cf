// The process's pino logger: JSON lines, one per event, with a component name per part; pretty
// lines for people when stdout is a terminal (or when asked).
import { type LevelWithSilent, type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** `auto`: pretty when stdout is a terminal, else JSON. */
  format?: 'auto' | 'json' | 'pretty';
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? 'auto';
  const settings = { level: options.level ?? 'info', base: { service: 'gatehouse', pid: process.pid } };
  if (format === 'pretty' || (format === 'auto' && process.stdout.isTTY)) return pino(settings, pretty({ sync: true }));
  return pino(settings);
}

export const silentLogger: Logger = pino({ level: 'silent' });
