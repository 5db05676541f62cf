// Test support: reads the reference pages in docs/ and their option tables, and compares them with the config's JSON Schema.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  default?: unknown;
}

/** The text of `docs/NAME.md`. */
export function docsPage(name: string): string {
  return readFileSync(new URL(`../../docs/${name}.md`, import.meta.url), 'utf8');
}

export interface OptionRow {
  key: string;
  type: string;
  defaultCell: string;
}

/** Rows `| \`key\` | type | default | meaning |` of the section's option tables (a cell may hold an escaped pipe: `a` \| `b`). */
export function optionRows(section: string): OptionRow[] {
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(/(?<!\\)\|/).map((cell) => cell.trim()))
    .filter((cells) => cells.length === 6)
    .map(([, keyCell, type, defaultCell]) => ({
      key: /^`([^`]+)`$/.exec(keyCell ?? '')?.[1] ?? '',
      type: type ?? '',
      defaultCell: defaultCell ?? '',
    }));
}

/** Whether an option path is one of `prefixes` or lies under one of them. */
export const isUnder = (path: string, prefixes: readonly string[]) =>
  prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));

/**
 * Every option path of the JSON Schema under `sections`, interior ones included: `[]` for array items,
 * `mapKey` for the values of a map (`subgraphs.overrides.NAME.url`, `authorization.policies.<name>.roles`).
 * With `plainMapIsOneOption`, a map of plain values (`claims: { <name>: value }`) is one option, not a map of options.
 */
export function configOptions(
  schema: SchemaNode,
  sections: readonly string[],
  { mapKey = 'NAME', plainMapIsOneOption = false } = {},
): Map<string, SchemaNode> {
  const options = new Map<string, SchemaNode>();
  const visit = (node: SchemaNode, path: string) => {
    if (isUnder(path, sections)) options.set(path, node);
    for (const [key, child] of Object.entries(node.properties ?? {})) visit(child, path ? `${path}.${key}` : key);
    const values = node.additionalProperties;
    if (typeof values === 'object' && (values.properties || !plainMapIsOneOption)) {
      visit(values, `${path}.${mapKey}`);
    }
    if (node.items?.properties || node.items?.anyOf) visit(node.items, `${path}[]`);
    for (const option of node.anyOf ?? []) if (option.properties) visit(option, path);
  };
  visit(schema, '');
  return options;
}

/** Whether an option has no options under it. */
export const isLeafOption = (options: Map<string, SchemaNode>, path: string) =>
  ![...options.keys()].some((other) => other.startsWith(`${path}.`) || other.startsWith(`${path}[`));

/** `key: docs x, schema y` for each row whose written default (its first code span) differs from the schema's. */
export function defaultMismatches(rows: readonly OptionRow[], options: Map<string, SchemaNode>): string[] {
  return rows.flatMap((row) => {
    const schemaDefault = options.get(row.key)?.default;
    const written = /^`([^`]*)`/.exec(row.defaultCell)?.[1];
    if (schemaDefault === undefined || written === undefined) return [];
    return JSON.stringify(parse(written)) === JSON.stringify(schemaDefault)
      ? []
      : [`${row.key}: docs ${written}, schema ${JSON.stringify(schemaDefault)}`];
  });
}
