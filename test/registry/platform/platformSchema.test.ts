import { readdirSync } from 'node:fs';
import { getOperationAST, parse, validate } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { describe, expect, it } from 'vitest';
import { platformSchema } from '../../../src/registry/platform/index.ts';
import { ROVER_OPERATIONS, roverDocument, roverVariables } from './roverRequests.ts';

describe("the registry's platform schema", () => {
  it('covers every rover 0.41.0 operation kept in the fixtures', () => {
    const fixtures = readdirSync(new URL('../../fixtures/rover/', import.meta.url)).filter((file) => file.endsWith('.graphql'));
    expect(fixtures.map((file) => file.replace(/\.graphql$/, '')).sort()).toEqual([...ROVER_OPERATIONS].sort());
  });

  it.each(ROVER_OPERATIONS)('validates rover’s %s document and accepts the variables rover sent with it', (operation) => {
    const document = parse(roverDocument(operation));
    expect(validate(platformSchema, document)).toEqual([]);
    const definition = getOperationAST(document, operation);
    expect(definition?.name?.value).toBe(operation);
    const coerced = getVariableValues(platformSchema, definition?.variableDefinitions ?? [], roverVariables(operation) ?? {});
    expect(coerced.errors).toBeUndefined();
  });
});
