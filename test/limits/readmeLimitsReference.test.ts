import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gatewayConfigJsonSchema } from '../../src/config/index.ts';
import * as limitErrors from '../../src/limits/limitErrors.ts';

const SECTIONS = ['limits', 'persisted_queries', 'batching'];

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  default?: unknown;
}

/** Option paths of the JSON Schema under the limits' sections, with whether each is a leaf. */
function optionsOf(node: SchemaNode, path = '', options = new Map<string, SchemaNode>()): Map<string, SchemaNode> {
  if (SECTIONS.some((section) => path === section || path.startsWith(`${section}.`))) options.set(path, node);
  for (const [key, child] of Object.entries(node.properties ?? {})) optionsOf(child, path ? `${path}.${key}` : key, options);
  if (node.items?.properties) optionsOf(node.items, `${path}[]`, options);
  return options;
}

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('<!-- section:limits -->');
const section = readme.slice(start, readme.indexOf('<!-- section:', start + 1));
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  // A cell may hold an escaped pipe (`enforce` \| `measure`).
  .map((line) => line.split(/(?<!\\)\|/).map((cell) => cell.trim()))
  .filter((cells) => cells.length === 6)
  .map(([, key, , defaultCell]) => ({ key: /^`([^`]+)`$/.exec(key ?? '')?.[1] ?? '', defaultCell: defaultCell ?? '' }))
  .filter((row) => SECTIONS.some((section) => row.key.startsWith(`${section}.`)));

describe("the README's limits section matches the config schema and the error codes", () => {
  const options = optionsOf(gatewayConfigJsonSchema() as SchemaNode);
  const isLeaf = (path: string) => ![...options.keys()].some((other) => other.startsWith(`${path}.`) || other.startsWith(`${path}[`));

  it('documents every option of limits, persisted_queries and batching, and no other', () => {
    const documented = new Set(rows.map((row) => row.key));
    expect([...options.keys()].filter((path) => isLeaf(path) && !documented.has(path))).toEqual([]);
    expect([...documented].filter((key) => !options.has(key))).toEqual([]);
  });

  it("gives each option the schema's default", () => {
    const wrong = rows.flatMap((row) => {
      const schemaDefault = options.get(row.key)?.default;
      const written = /^`([^`]*)`$/.exec(row.defaultCell)?.[1];
      if (schemaDefault === undefined || written === undefined) return [];
      return JSON.stringify(parse(written)) === JSON.stringify(schemaDefault)
        ? []
        : [`${row.key}: README ${written}, schema ${JSON.stringify(schemaDefault)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('lists every error code the limits answer with', () => {
    const codes = Object.values(limitErrors).map((factory) => factory.code);
    expect(codes.filter((code) => !section.includes(`| \`${code}\` |`))).toEqual([]);
  });
});
