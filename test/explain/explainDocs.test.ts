import { describe, expect, it } from 'vitest';
import { gatewayConfigJsonSchema } from '../../src/config/index.ts';
import {
  configOptions,
  defaultMismatches,
  docsPage,
  isLeafOption,
  isUnder,
  optionRows,
  type SchemaNode,
} from '../support/docsReference.ts';

const section = docsPage('explain-and-dry-run');
const rows = optionRows(section).filter((row) => isUnder(row.key, ['explain']));

describe('docs/explain-and-dry-run.md matches the config schema', () => {
  const options = configOptions(gatewayConfigJsonSchema() as SchemaNode, ['explain'], { plainMapIsOneOption: true });
  const leaves = new Set([...options.keys()].filter((path) => isLeafOption(options, path)));

  it('documents every explain option, and no other', () => {
    const documented = new Set(rows.map((row) => row.key));
    expect(leaves.size).toBe(5);
    expect([...leaves].filter((path) => !documented.has(path))).toEqual([]);
    expect([...documented].filter((key) => !leaves.has(key))).toEqual([]);
  });

  it("gives each option the schema's default", () => {
    expect(defaultMismatches(rows, options)).toEqual([]);
  });
});
