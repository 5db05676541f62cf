// In a container, HOST and PORT say where to listen (the image sets HOST=0.0.0.0); flags still win.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouseProcess } from '../registry/support/gatehouseProcess.ts';
import { composeExampleSupergraph } from '../support/exampleGraph.ts';
import { findClosedPort } from '../support/ports.ts';
import { runCli } from '../support/runCli.ts';

const REGISTRY_LINE = /^registry\s+(http:\/\/\S+)$/m;
const GATEWAY_LINE = /^gateway\s+(http:\/\/\S+)$/m;

describe('HOST and PORT', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-listen-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('gatehouse registry listens on HOST and PORT when no flag names them, and the flags win over them', { timeout: 200_000 }, async () => {
    const port = await findClosedPort();
    const fromEnvironment = await startGatehouseProcess(['registry', '--data-dir', join(directory, 'a')], REGISTRY_LINE, {
      env: { HOST: '127.0.0.2', PORT: String(port) },
      timeoutMs: 90_000,
    });
    try {
      expect(fromEnvironment.url).toBe(`http://127.0.0.2:${port}`);
      expect((await fetch(`${fromEnvironment.url}/health`)).status).toBe(200);
    } finally {
      await fromEnvironment.kill('SIGTERM');
    }
    const fromFlags = await startGatehouseProcess(
      ['registry', '--data-dir', join(directory, 'b'), '--host', '127.0.0.1', '--port', '0'],
      REGISTRY_LINE,
      { env: { HOST: '127.0.0.2', PORT: String(port) }, timeoutMs: 90_000 },
    );
    try {
      expect(fromFlags.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(fromFlags.url).not.toBe(`http://127.0.0.1:${port}`);
    } finally {
      await fromFlags.kill('SIGTERM');
    }
  });

  it('gatehouse registry refuses a PORT that is no port, naming it', async () => {
    const result = await runCli(['registry', '--data-dir', join(directory, 'c')], { env: { PORT: 'http' } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('error: PORT must be a whole number, got "http"');
  });

  it('gatehouse start without a config file listens on HOST', async () => {
    const file = join(directory, 'supergraph.graphql');
    const unreachable = `http://127.0.0.1:${await findClosedPort()}/graphql`;
    await writeFile(
      file,
      composeExampleSupergraph({ accounts: unreachable, products: unreachable, reviews: unreachable, inventory: unreachable }),
    );
    const gateway = await startGatehouseProcess(['start', '--supergraph', file, '--port', '0', '--workers', '1'], GATEWAY_LINE, {
      env: { HOST: '127.0.0.2' },
    });
    try {
      expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/graphql$/);
      expect((await fetch(new URL('/ready', gateway.url))).status).toBe(200);
    } finally {
      await gateway.kill('SIGTERM');
    }
  });
});
