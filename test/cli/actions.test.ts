import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.ts';

describe('commands with actions (subgraph, supergraph)', () => {
  it('refuse an unknown action with usage and exit 2, even one named like an object method', async () => {
    for (const args of [['subgraph', 'nope'], ['supergraph', 'toString'], ['subgraph']]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: unknown action ".*"\n\nUsage: gatehouse (sub|super)graph/);
    }
  });
});
