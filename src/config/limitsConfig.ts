// `limits:`, `persisted_queries:` and `batching:` — what the gateway refuses before a subgraph is asked:
// operations too big or too expensive, clients over their budget, documents nobody vetted, oversized batches.
import { z } from 'zod';
import { duration } from './duration.ts';

/** One limit's schema twice: with its default (the `limits` section) and without (a `principals` entry, which inherits). */
function limit(fallback: number, description: string, bounds: { min: number; max?: number }) {
  const base = bounds.max === undefined ? z.number().int().min(bounds.min) : z.number().int().min(bounds.min).max(bounds.max);
  return { configured: base.default(fallback).describe(description), override: base.optional().describe(description) };
}
/** A limit that may be turned off with 0. */
const optionalLimit = (fallback: number, what: string) => limit(fallback, `${what}; 0 turns this limit off.`, { min: 0 });
/** A limit that guards the analysis itself (parser recursion, walk size), so it cannot be turned off. */
const safetyLimit = (fallback: number, max: number, what: string) => limit(fallback, what, { min: 1, max });

const LIMITS = {
  max_bytes: optionalLimit(100_000, 'Largest GraphQL document, in UTF-8 bytes (the `query` string, not the whole body)'),
  max_tokens: safetyLimit(
    15_000,
    1_000_000,
    'Most lexical tokens in a document; lexing stops at the limit, so a huge document is never parsed.',
  ),
  max_nesting: safetyLimit(
    100,
    500,
    'Deepest nesting of `{`, `[` and `(` in a document, checked before parsing (graphql-js parses recursively), and of selections through fragment spreads.',
  ),
  max_selections: safetyLimit(
    10_000,
    1_000_000,
    'Most selections (fields, fragment spreads, inline fragments) once fragments are expanded; stops fragment fan-out bombs.',
  ),
  max_depth: optionalLimit(15, 'Deepest nesting of fields with selections, fragments included (graphql-depth-limit)'),
  max_height: optionalLimit(200, 'Most distinct fields (by path of field names; aliases of one field count once)'),
  max_aliases: optionalLimit(30, 'Most aliased fields, fragments expanded'),
  max_root_fields: optionalLimit(20, 'Most fields selected at the root of the operation, fragments expanded'),
  max_directives: optionalLimit(50, 'Most directive uses in the operation, fragments expanded'),
  // Off by default, like Apollo Router's and Hive Gateway's demand control: a graph without @cost/@listSize
  // is priced with assumed list sizes, so any one ceiling would refuse some team's ordinary queries. The cost
  // is still estimated and reported (metric, log line, opt-in header), to choose a ceiling from real traffic.
  max_cost: limit(
    0,
    'Highest estimated cost (demand control, see `cost`); 0 (the default) estimates and reports the cost but refuses nothing for it.',
    { min: 0 },
  ),
};

export const operationLimitsShape = {
  max_bytes: LIMITS.max_bytes.configured,
  max_tokens: LIMITS.max_tokens.configured,
  max_nesting: LIMITS.max_nesting.configured,
  max_selections: LIMITS.max_selections.configured,
  max_depth: LIMITS.max_depth.configured,
  max_height: LIMITS.max_height.configured,
  max_aliases: LIMITS.max_aliases.configured,
  max_root_fields: LIMITS.max_root_fields.configured,
  max_directives: LIMITS.max_directives.configured,
  max_cost: LIMITS.max_cost.configured,
};

const operationLimitsSchema = z.object(operationLimitsShape);

export const costConfigSchema = z.strictObject({
  mode: z
    .enum(['enforce', 'measure'])
    .default('enforce')
    .describe('`enforce` rejects an operation above `max_cost`; `measure` only logs it and records the metric.'),
  list_size: z
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('Assumed size of a list field that has no `@listSize` (or whose slicing argument is not given).'),
  mutation_cost: z.number().int().min(0).default(10).describe('Base cost of every mutation, on top of its fields.'),
  expose: z
    .boolean()
    .default(false)
    .describe('Add the estimate to every response as `extensions.cost: { estimated, max }` (`max` only when `max_cost` applies).'),
});

export const principalLimitsSchema = z
  .strictObject({
    role: z.string().min(1).optional().describe('Applies when the principal has this role.'),
    scope: z.string().min(1).optional().describe('Applies when the principal has this scope.'),
    authenticated: z.boolean().optional().describe('Applies to authenticated (true) or anonymous (false) principals.'),
    max_bytes: LIMITS.max_bytes.override,
    max_tokens: LIMITS.max_tokens.override,
    max_nesting: LIMITS.max_nesting.override,
    max_selections: LIMITS.max_selections.override,
    max_depth: LIMITS.max_depth.override,
    max_height: LIMITS.max_height.override,
    max_aliases: LIMITS.max_aliases.override,
    max_root_fields: LIMITS.max_root_fields.override,
    max_directives: LIMITS.max_directives.override,
    max_cost: LIMITS.max_cost.override,
    budget: z.number().int().min(0).optional().describe('Cost points per `rate.window` for this principal; 0 turns the budget off.'),
  })
  .refine((value) => value.role !== undefined || value.scope !== undefined || value.authenticated !== undefined, {
    message: 'say whom the entry is for: role, scope or authenticated',
  });

export const rateConfigSchema = z.strictObject({
  window: duration.default(60_000).describe("Length of a budget window; a client's window starts with its first request."),
  budget: z
    .number()
    .int()
    .min(0)
    // Off by default: a budget only means something in the graph's own cost units, chosen from its traffic.
    .default(0)
    .describe(
      'Cost points a principal may spend per window (the estimated cost of each operation is charged); 0 (the default): no budget.',
    ),
  anonymous_requests: z
    .number()
    .int()
    .min(0)
    // Off by default: one IP is often a whole backend-for-frontend or a NAT, whose ordinary traffic must pass.
    .default(0)
    .describe('Requests per window per client IP for anonymous traffic; 0 (the default): no limit.'),
  redis: z
    .string()
    .regex(/^rediss?:\/\//, 'a URL like redis://127.0.0.1:6379')
    .optional()
    .describe('Keep budgets in Redis, shared by every gateway instance using it; without it budgets live in memory.'),
  key_prefix: z.string().min(1).default('gatehouse:rate').describe('Prefix of every budget key in the store.'),
  on_store_error: z
    .enum(['allow', 'deny'])
    .default('allow')
    .describe('When the store (Redis) cannot be reached: `allow` serves without charging (fail-open), `deny` answers 503 (fail-closed).'),
  store_timeout: duration.default(500).describe('How long a budget check may wait for the store before it counts as unreachable.'),
});

export const limitsConfigSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Run every check below; false turns them all off.'),
  ...operationLimitsShape,
  depth_ignore: z.array(z.string().min(1)).default([]).describe('Field names whose selections do not count toward `max_depth`.'),
  cost: costConfigSchema.default(costConfigSchema.parse({})),
  principals: z
    .array(principalLimitsSchema)
    .default([])
    .describe('Limits for some principals (by role, scope, or authenticated); the first entry that matches applies, over the defaults.'),
  rate: rateConfigSchema.default(rateConfigSchema.parse({})),
});

export const persistedQueriesConfigSchema = z.strictObject({
  apq: z.boolean().default(true).describe('Automatic persisted queries (the Apollo protocol: `extensions.persistedQuery.sha256Hash`).'),
  safelist: z
    .strictObject({
      manifest: z
        .string()
        .min(1)
        .describe(
          'A persisted-query manifest: the Apollo format (`{"format":"apollo-persisted-query-manifest",…}`) or `{ "<id>": "<query>" }`.',
        ),
      mode: z
        .enum(['enforce', 'log'])
        .default('enforce')
        .describe('`enforce` rejects operations not in the manifest; `log` serves them and logs what would be rejected.'),
    })
    .optional()
    .describe('Accept only the operations of a manifest, by id (`sha256Hash`) or by full text.'),
});

export const batchingConfigSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('Accept a JSON array of operations in one POST.'),
  max_size: z.number().int().min(1).default(10).describe('Most operations in one batch.'),
});

export type LimitsConfig = z.output<typeof limitsConfigSchema>;
export type LimitsConfigInput = z.input<typeof limitsConfigSchema>;
export type OperationLimits = z.output<typeof operationLimitsSchema>;
export type PrincipalLimitsConfig = z.output<typeof principalLimitsSchema>;
export type CostConfig = z.output<typeof costConfigSchema>;
export type RateConfig = z.output<typeof rateConfigSchema>;
export type PersistedQueriesConfig = z.output<typeof persistedQueriesConfigSchema>;
export type BatchingConfig = z.output<typeof batchingConfigSchema>;
