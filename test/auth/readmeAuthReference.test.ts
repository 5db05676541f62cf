import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { authenticationUnavailable, unauthenticated } from '../../src/auth/index.ts';
import { FORBIDDEN, UNAUTHENTICATED } from '../../src/authz/index.ts';
import { gatewayConfigJsonSchema } from '../../src/config/index.ts';

const SECTIONS = ['auth', 'authorization'];

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  default?: unknown;
}

/** Leaf option paths of the JSON Schema under auth and authorization (`[]` for array items, `<name>` for map values). */
function leavesOf(node: SchemaNode, path: string, leaves: Map<string, SchemaNode>) {
  const children: [string, SchemaNode][] = Object.entries(node.properties ?? {}).map(([key, child]) => [`${path}.${key}`, child]);
  if (node.items?.properties) children.push([`${path}[]`, node.items]);
  if (typeof node.additionalProperties === 'object' && node.additionalProperties.properties) {
    children.push([`${path}.<name>`, node.additionalProperties]);
  }
  if (children.length === 0) leaves.set(path, node);
  for (const [childPath, child] of children) leavesOf(child, childPath, leaves);
}

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('<!-- section:auth -->');
const section = readme.slice(start, readme.indexOf('<!-- section:', start + 1));
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split('|').map((cell) => cell.trim()))
  .filter((cells) => cells.length === 6)
  .map(([, key, , defaultCell]) => ({ key: /^`([^`]+)`$/.exec(key ?? '')?.[1] ?? '', defaultCell: defaultCell ?? '' }))
  .filter((row) => SECTIONS.some((name) => row.key.startsWith(`${name}.`)));

describe("the README's auth section matches the config schema and the error codes", () => {
  const schema = gatewayConfigJsonSchema() as SchemaNode;
  const options = new Map<string, SchemaNode>();
  for (const name of SECTIONS) leavesOf(schema.properties?.[name] ?? {}, name, options);

  it('documents every option of auth and authorization, and no other', () => {
    const documented = new Set(rows.map((row) => row.key));
    expect(options.size).toBe(20);
    expect([...options.keys()].filter((path) => !documented.has(path))).toEqual([]);
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

  it('lists every error code authentication and authorization answer with', () => {
    for (const code of [unauthenticated.code, authenticationUnavailable.code, FORBIDDEN, UNAUTHENTICATED]) {
      expect(section).toContain(`| \`${code}\` |`);
    }
  });
});
