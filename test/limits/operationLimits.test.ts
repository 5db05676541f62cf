import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { limitsConfigSchema } from '../../src/config/limitsConfig.ts';
import { LimitProfiles, type PrincipalLimits } from '../../src/limits/limitProfiles.ts';
import { OperationChecks } from '../../src/limits/operationChecks.ts';
import { silentLogger } from '../../src/observability/index.ts';
import { exampleSupergraph } from './support/exampleCostModel.ts';
import { expectRefused, limitedGateway } from './support/limitedGateway.ts';

// bytes 116, tokens 40, nesting 4, selections 8, depth 3, height 8, aliases 3, root fields 3, directives 2, cost 36.
const EVERYTHING = '{ a: users @skip(if: false) { reviews { product { name } } } b: me @skip(if: false) { id } c: topProducts { name } }';
const MEASURED = {
  max_bytes: 116,
  max_tokens: 40,
  max_nesting: 4,
  max_selections: 8,
  max_depth: 3,
  max_height: 8,
  max_aliases: 3,
  max_root_fields: 3,
  max_directives: 2,
  max_cost: 36,
};
const ORDER: [keyof typeof MEASURED, string][] = [
  ['max_bytes', 'MAX_BYTES_EXCEEDED'],
  ['max_tokens', 'MAX_TOKENS_EXCEEDED'],
  ['max_nesting', 'MAX_NESTING_EXCEEDED'],
  ['max_selections', 'MAX_SELECTIONS_EXCEEDED'],
  ['max_depth', 'MAX_DEPTH_EXCEEDED'],
  ['max_height', 'MAX_HEIGHT_EXCEEDED'],
  ['max_aliases', 'MAX_ALIASES_EXCEEDED'],
  ['max_root_fields', 'MAX_ROOT_FIELDS_EXCEEDED'],
  ['max_directives', 'MAX_DIRECTIVES_EXCEEDED'],
  ['max_cost', 'COST_ESTIMATED_TOO_EXPENSIVE'],
];

function refusalOf(checks: OperationChecks, limits: PrincipalLimits): string | undefined {
  try {
    checks.check({ query: EVERYTHING, operationName: undefined, variables: undefined }, limits);
    return undefined;
  } catch (error) {
    return (error as GraphQLError).extensions.code as string;
  }
}

describe('the order of the limits', () => {
  const config = limitsConfigSchema.parse({});
  const { apiSchema, supergraphSdl } = exampleSupergraph();
  const checks = new OperationChecks(config, new LimitProfiles(config).bounds([]), silentLogger);
  checks.useSupergraph(apiSchema, supergraphSdl);

  it('reports the first limit exceeded, cheapest first: bytes, tokens, nesting, selections, depth, height, aliases, root fields, directives, cost', () => {
    // Every limit one below what the operation measures; each turned off in turn reveals the next.
    const limits = { ...MEASURED, budget: 0 };
    for (const [limit] of ORDER) limits[limit] -= 1;
    const reported: string[] = [];
    for (const [limit] of ORDER) {
      reported.push(refusalOf(checks, limits) ?? 'served');
      limits[limit] = 0;
    }
    expect(reported).toEqual(ORDER.map(([, code]) => code));
    expect(refusalOf(checks, limits)).toBeUndefined();
  });

  it('serves the operation at exactly its measures', () => {
    expect(refusalOf(checks, { ...MEASURED, budget: 0 })).toBeUndefined();
  });

  it('analyses a document once, and again only when the supergraph changes', () => {
    const first = checks.documentAnalysis(EVERYTHING);
    expect(checks.documentAnalysis(EVERYTHING)).toBe(first);
    checks.useSupergraph(apiSchema, supergraphSdl);
    expect(checks.documentAnalysis(EVERYTHING)).not.toBe(first);
  });

  it("prices with the defaults when the supergraph's @cost/@listSize cannot be read", () => {
    const fallback = new OperationChecks(config, new LimitProfiles(config).bounds([]), silentLogger);
    fallback.useSupergraph(apiSchema, 'not a supergraph');
    // users: list_size 10 instead of its @listSize(assumedSize: 6).
    expect(fallback.costOf({ query: '{ users { id } }', operationName: undefined, variables: undefined })).toBe(10);
  });

  describe('through the gateway', () => {
    const limited = limitedGateway({ limits: { max_depth: 2, max_aliases: 2, max_cost: 10 } });

    it('answers with only the first limit exceeded (depth, not aliases or cost)', async () => {
      expectRefused(await limited.post({ query: EVERYTHING }), limited.graph, {
        status: 400,
        code: 'MAX_DEPTH_EXCEEDED',
        values: { depth: 3, maxDepth: 2 },
      });
    });
  });
});
