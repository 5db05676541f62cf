// A mistyped flag is refused with usage and exit 2, naming the flag of the command's usage it was meant to be.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.ts';

describe('an unknown flag', () => {
  it.each([
    [['start', '--superraph', 'x.graphql'], 'unknown flag --superraph (did you mean --supergraph?)', 'gatehouse start'],
    [['config', 'check', '--confg', 'gatehouse.yaml'], 'unknown flag --confg (did you mean --config?)', 'gatehouse config'],
    [['registry', '--admin-tokn', 'x'], 'unknown flag --admin-tokn (did you mean --admin-token?)', 'gatehouse registry'],
    [['subgraph', 'publish', 'reviews', '--schmea', 'x'], 'unknown flag --schmea (did you mean --schema?)', 'gatehouse subgraph'],
  ])('%j is named with the flag it was meant to be', async (args, line, usage) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(`error: ${line}\n\nUsage: ${usage}`), result.stderr).toBe(true);
  });

  it('close to no flag of the command is named alone', async () => {
    const result = await runCli(['start', '--zzzz']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown flag --zzzz\n\nUsage: gatehouse start/);
  });
});
