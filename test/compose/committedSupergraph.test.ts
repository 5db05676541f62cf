import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeSupergraphConfig } from '../../src/compose/index.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('schema/supergraph.graphql', () => {
  it('is what supergraph.yaml composes to today (run `npm run compose` after changing schema/)', async () => {
    const committed = await readFile(`${repoRoot}schema/supergraph.graphql`, 'utf8');
    const composed = await composeSupergraphConfig(`${repoRoot}supergraph.yaml`);
    expect(committed).toBe(composed.supergraphSdl);
  });
});
