// The process logger: JSON lines for machines, pretty lines for people (its printer loaded only then).
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** What a fresh process's logger writes for one info line, in the given format (compiled dist, as `gatehouse` runs it). */
async function logLine(format: 'json' | 'pretty'): Promise<string> {
  const script = `const { createLogger } = await import('./dist/src/observability/logger.js');
createLogger({ format: '${format}' }).info({ port: 4000 }, 'gateway ready');`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
  return stdout;
}

describe('the process logger', () => {
  it('writes one JSON line per event by default for machines', async () => {
    const line = JSON.parse(await logLine('json'));
    expect(line).toMatchObject({ msg: 'gateway ready', port: 4000, service: 'gatehouse', level: 30 });
  });

  it('writes JSON lines in batches, not one write per line, and writes what is buffered when the process ends', async () => {
    // 20 lines, 2 ms apart: one write each would reach the pipe as ~20 chunks.
    const script = `const { createLogger } = await import('./dist/src/observability/logger.js');
const log = createLogger({ format: 'json' });
for (let n = 0; n < 20; n++) { log.info({ n }, 'request'); await new Promise((resolve) => setTimeout(resolve, 2)); }
process.exit(0);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
    await new Promise((resolve) => child.once('close', resolve));
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { n: number });
    expect(lines.map((line) => line.n)).toEqual([...Array(20).keys()]);
    expect(chunks.length).toBeLessThanOrEqual(3);
  }, 20_000);

  it('writes a buffered line within about 100 ms when nothing else is logged', async () => {
    // One line, then a marker written straight to stdout 400 ms later: the line must come first, not at exit.
    const script = `const { writeSync } = await import('node:fs');
const { createLogger } = await import('./dist/src/observability/logger.js');
createLogger({ format: 'json' }).info('quiet');
setTimeout(() => { writeSync(1, 'MARKER\\n'); process.exit(0); }, 400);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
    expect(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => (line === 'MARKER' ? line : (JSON.parse(line) as { msg: string }).msg)),
    ).toEqual(['quiet', 'MARKER']);
  });

  it('writes a line a person reads when asked for pretty output', async () => {
    const output = await logLine('pretty');
    expect(output).toMatch(/INFO.*gateway ready/);
    expect(output).toMatch(/port: 4000/);
    expect(() => JSON.parse(output)).toThrow();
  });
});
