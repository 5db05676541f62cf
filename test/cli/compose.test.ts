import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraphConfig } from '../../src/compose/index.ts';
import { runCli } from '../support/runCli.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('gatehouse compose', () => {
  it('prints the supergraph SDL to stdout, as `rover supergraph compose` does', async () => {
    const result = await runCli(['compose', '--config', 'supergraph.yaml'], { cwd: repoRoot });
    expect(result.code).toBe(0);
    const expected = await composeSupergraphConfig(join(repoRoot, 'supergraph.yaml'));
    expect(result.stdout).toBe(`${expected.supergraphSdl}\n`);
  });

  it('writes --output and prints nothing else to stdout', async () => {
    const output = join(directory, 'supergraph.graphql');
    const result = await runCli(['compose', '--config', join(repoRoot, 'supergraph.yaml'), '--output', output]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    // Byte for byte what rover's --output writes: no final newline (rover adds one only on stdout).
    const written = await readFile(output, 'utf8');
    expect(written).toMatch(/^schema\n {2}@link/);
    expect(written.endsWith('}')).toBe(true);
    expect((await runCli(['compose', '--config', join(repoRoot, 'supergraph.yaml')])).stdout).toBe(`${written}\n`);
  });

  it('names the --output folder that does not exist', async () => {
    const output = join(directory, 'no-such-folder', 'supergraph.graphql');
    const result = await runCli(['compose', '--config', join(repoRoot, 'supergraph.yaml'), '--output', output]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: cannot write --output ${output}: the folder ${join(directory, 'no-such-folder')} does not exist\n`);
  });

  it('exits non-zero with the composition error code and writes nothing when a subgraph is broken', async () => {
    const config = join(directory, 'broken.yaml');
    const broken = fileURLToPath(new URL('../fixtures/compose/broken-products.graphql', import.meta.url));
    await writeFile(config, `subgraphs:\n  products:\n    routing_url: http://products/graphql\n    schema:\n      file: ${broken}\n`);
    const output = join(directory, 'never.graphql');
    const result = await runCli(['compose', '--config', config, '--output', output]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error[E029]: Encountered 1 build error while trying to build a supergraph.');
    expect(result.stderr).toMatch(/INVALID_GRAPHQL: .*Money/);
    await expect(stat(output)).rejects.toThrow(/ENOENT/);
  });

  it('names the subgraph and the cause in one line for a bad config', async () => {
    const config = join(directory, 'missing.yaml');
    await writeFile(config, 'subgraphs:\n  reviews:\n    schema:\n      file: ./absent.graphql\n');
    const result = await runCli(['compose', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error: subgraph "reviews": cannot read schema\.file .*absent\.graphql: ENOENT$/);
  });

  it('exits 2 with usage for a missing --config or an unknown flag', async () => {
    expect((await runCli(['compose'])).code).toBe(2);
    const unknown = await runCli(['compose', '--nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown flag --nope\n\nUsage: gatehouse compose/);
    const noValue = await runCli(['compose', '--config']);
    expect(noValue.stderr).toMatch(/^error: flag -c, --config needs a value\n/);
  });
});
