import { describe, expect, it } from 'vitest';
import { authenticationUnavailable, unauthenticated } from '../../src/auth/index.ts';
import { FORBIDDEN, UNAUTHENTICATED } from '../../src/authz/index.ts';
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

const SECTIONS = ['auth', 'authorization'];

const section = docsPage('access-control');
const rows = optionRows(section).filter((row) => isUnder(row.key, SECTIONS));

describe('docs/access-control.md matches the config schema and the error codes', () => {
  const options = configOptions(gatewayConfigJsonSchema() as SchemaNode, SECTIONS, { mapKey: '<name>', plainMapIsOneOption: true });
  const leaves = new Set([...options.keys()].filter((path) => isLeafOption(options, path)));

  it('documents every option of auth and authorization, and no other', () => {
    const documented = new Set(rows.map((row) => row.key));
    expect(leaves.size).toBe(23);
    expect([...leaves].filter((path) => !documented.has(path))).toEqual([]);
    expect([...documented].filter((key) => !leaves.has(key))).toEqual([]);
  });

  it("gives each option the schema's default", () => {
    expect(defaultMismatches(rows, options)).toEqual([]);
  });

  it('lists every error code authentication and authorization answer with', () => {
    for (const code of [unauthenticated.code, authenticationUnavailable.code, FORBIDDEN, UNAUTHENTICATED]) {
      expect(section).toContain(`| \`${code}\` |`);
    }
  });
});
