import { describe, expect, it } from 'vitest';
import { gatewayConfigJsonSchema } from '../../src/config/index.ts';
import * as limitErrors from '../../src/limits/limitErrors.ts';
import {
  configOptions,
  defaultMismatches,
  docsPage,
  isLeafOption,
  isUnder,
  optionRows,
  type SchemaNode,
} from '../support/docsReference.ts';

const SECTIONS = ['limits', 'persisted_queries', 'batching'];

const section = docsPage('limits');
const rows = optionRows(section).filter((row) => isUnder(row.key, SECTIONS));

describe('docs/limits.md matches the config schema and the error codes', () => {
  const options = configOptions(gatewayConfigJsonSchema() as SchemaNode, SECTIONS);

  it('documents every option of limits, persisted_queries and batching, and no other', () => {
    const documented = new Set(rows.map((row) => row.key));
    expect([...options.keys()].filter((path) => isLeafOption(options, path) && !documented.has(path))).toEqual([]);
    expect([...documented].filter((key) => !options.has(key))).toEqual([]);
  });

  it("gives each option the schema's default", () => {
    expect(defaultMismatches(rows, options)).toEqual([]);
  });

  it('lists every error code the limits answer with', () => {
    const codes = Object.values(limitErrors).map((factory) => factory.code);
    expect(codes.filter((code) => !section.includes(`| \`${code}\` |`))).toEqual([]);
  });
});
