import { describe, expect, it } from 'vitest';
import { gatewayConfigJsonSchema } from '../../src/config/index.ts';
import { configOptions, defaultMismatches, docsPage, isLeafOption, optionRows, type SchemaNode } from '../support/docsReference.ts';

const page = docsPage('subscriptions');
const rows = optionRows(page);

describe('docs/subscriptions.md matches the zod schema', () => {
  const paths = configOptions(gatewayConfigJsonSchema() as SchemaNode, ['subscriptions']);

  it('documents every option of subscriptions', () => {
    const documented = rows.map((row) => row.key);
    const missing = [...paths.keys()].filter((path) => isLeafOption(paths, path)).filter((path) => !documented.includes(path));
    expect(missing).toEqual([]);
  });

  it('documents no option the schema does not have', () => {
    expect(rows.map((row) => row.key).filter((key) => !paths.has(key))).toEqual([]);
  });

  it("gives each option the schema's default", () => {
    expect(defaultMismatches(rows, paths)).toEqual([]);
  });
});
