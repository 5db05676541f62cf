// The process's pino logger: JSON lines, one per event, with a component name per part.
import { type LevelWithSilent, type Logger, pino } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({ level: options.level ?? 'info', base: { service: 'gatehouse' } });
}

export const silentLogger: Logger = pino({ level: 'silent' });
