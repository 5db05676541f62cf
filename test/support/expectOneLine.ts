// A command that failed as the CLI promises: exit 1, one line on stderr (pino's JSON log lines aside), no stack trace.
import { expect } from 'vitest';
import type { CliResult } from './runCli.ts';

export function expectOneLine(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at /m);
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}
