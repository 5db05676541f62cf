import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gatewayConfigJsonSchema, loadGatewayConfigFile } from '../../src/config/index.ts';

/** The config sections the production section of the README documents; the other parts document theirs. */
const DOCUMENTED_HERE = [
  'server',
  'supergraph.file',
  'supergraph.compose',
  'supergraph.sdl',
  'supergraph.watch',
  'introspection',
  'include_subgraph_errors',
  'log_level',
  'subgraphs',
  'headers',
  'cache',
  'telemetry',
];
const isDocumentedHere = (path: string) =>
  DOCUMENTED_HERE.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  default?: unknown;
}

/** Every option path of the JSON Schema (`subgraphs.overrides.NAME.url`, `headers.all[].insert.name`), interior ones included. */
function optionPaths(node: SchemaNode, path = '', paths = new Map<string, SchemaNode>()): Map<string, SchemaNode> {
  if (path) paths.set(path, node);
  for (const [key, child] of Object.entries(node.properties ?? {})) optionPaths(child, path ? `${path}.${key}` : key, paths);
  if (typeof node.additionalProperties === 'object') optionPaths(node.additionalProperties, `${path}.NAME`, paths);
  if (node.items?.properties || node.items?.anyOf) optionPaths(node.items, `${path}[]`, paths);
  for (const option of node.anyOf ?? []) if (option.properties) optionPaths(option, path, paths);
  return paths;
}

const isLeaf = (paths: Map<string, SchemaNode>, path: string) =>
  ![...paths.keys()].some((other) => other.startsWith(`${path}.`) || other.startsWith(`${path}[`));

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('<!-- section:production -->');
const end = readme.indexOf('<!-- section:', start + 1);
const section = readme.slice(start, end === -1 ? undefined : end);

/** Rows `| \`key\` | type | default | meaning |` of the section's option tables. */
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split('|').map((cell) => cell.trim()))
  .filter((cells) => cells.length === 6)
  .map(([, keyCell, type, defaultCell]) => ({
    key: /^`([^`]+)`$/.exec(keyCell ?? '')?.[1] ?? '',
    type: type ?? '',
    defaultCell: defaultCell ?? '',
  }))
  .filter((row) => isDocumentedHere(row.key));

describe("the README's gatehouse.yaml reference matches the zod schema", () => {
  const paths = optionPaths(gatewayConfigJsonSchema() as SchemaNode);

  it('documents every option of its sections, each under its own row or a row for its parent', () => {
    const documented = rows.map((row) => row.key);
    expect(documented.length).toBeGreaterThan(30);
    const missing = [...paths.keys()]
      .filter((path) => isDocumentedHere(path) && isLeaf(paths, path))
      .filter((path) => !documented.some((key) => path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`)));
    expect(missing).toEqual([]);
  });

  it('documents no option the schema does not have', () => {
    expect(rows.map((row) => row.key).filter((key) => !paths.has(key))).toEqual([]);
  });

  it("gives each option the schema's default", () => {
    const wrong = rows.flatMap((row) => {
      const schemaDefault = paths.get(row.key)?.default;
      const written = /^`([^`]*)`/.exec(row.defaultCell)?.[1];
      if (schemaDefault === undefined || written === undefined) return [];
      return JSON.stringify(parse(written)) === JSON.stringify(schemaDefault)
        ? []
        : [`${row.key}: README ${written}, schema ${JSON.stringify(schemaDefault)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('shows a full gatehouse.yaml that is valid', async () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const directory = await mkdtemp(join(tmpdir(), 'gatehouse-readme-'));
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
