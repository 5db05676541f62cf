import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewayConfigJsonSchema, loadGatewayConfigFile } from '../../src/config/index.ts';
import {
  configOptions,
  defaultMismatches,
  docsPage,
  isLeafOption,
  isUnder,
  optionRows,
  type SchemaNode,
} from '../support/docsReference.ts';

/** The config sections docs/configuration.md documents; the other pages document theirs. */
const DOCUMENTED_HERE = [
  'server',
  'supergraph.file',
  'supergraph.compose',
  'supergraph.sdl',
  'supergraph.watch',
  'introspection',
  'graphiql',
  'include_subgraph_errors',
  'log_level',
  'subgraphs',
  'headers',
  'cache',
  'telemetry',
];

const section = docsPage('configuration');
const rows = optionRows(section).filter((row) => isUnder(row.key, DOCUMENTED_HERE));

describe('docs/configuration.md matches the zod schema', () => {
  const paths = configOptions(gatewayConfigJsonSchema() as SchemaNode, DOCUMENTED_HERE);

  it('documents every option of its sections, each under its own row or a row for its parent', () => {
    const documented = rows.map((row) => row.key);
    expect(documented.length).toBeGreaterThan(30);
    const missing = [...paths.keys()]
      .filter((path) => isLeafOption(paths, path))
      .filter((path) => !documented.some((key) => path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`)));
    expect(missing).toEqual([]);
  });

  it('documents no option the schema does not have', () => {
    expect(rows.map((row) => row.key).filter((key) => !paths.has(key))).toEqual([]);
  });

  it("gives each option the schema's default", () => {
    expect(defaultMismatches(rows, paths)).toEqual([]);
  });

  it('shows a full gatehouse.yaml that is valid', async () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const directory = await mkdtemp(join(tmpdir(), 'gatehouse-docs-'));
    try {
      await writeFile(join(directory, 'gatehouse.yaml'), example ?? '');
      const { config } = await loadGatewayConfigFile(join(directory, 'gatehouse.yaml'));
      expect(config.subgraphs.overrides.products?.timeout).toBe(2000);
      for (const key of ['server', 'supergraph', 'subgraphs', 'headers', 'telemetry']) expect(example).toMatch(new RegExp(`^${key}:`, 'm'));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
