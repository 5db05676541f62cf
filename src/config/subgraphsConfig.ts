// `subgraphs:` — how the gateway talks to each subgraph: timeouts, connection limits, retries, and
// per-subgraph overrides (a staging URL, extra headers, letting its error messages through).
import { z } from 'zod';
import { duration } from './duration.ts';

const timeout = duration.describe(
  'Longest a subgraph request may take, from sending it to the last byte of the answer; past it the fetch fails with SUBGRAPH_TIMEOUT.',
);
const connectTimeout = duration.describe('Longest to wait for a TCP connection to a subgraph.');
const maxConnections = z.number().int().positive().describe('Most open keep-alive connections to one subgraph.');
const keepAlive = duration.describe('How long an idle connection to a subgraph is kept open for reuse.');
const retries = z
  .number()
  .int()
  .min(0)
  .max(5)
  .describe(
    'Retries of a request that could not be sent at all (connection refused, or lost before a byte was written); never after bytes were sent.',
  );

const batching = z
  .boolean()
  .describe(
    "Send the operations a query plan runs in parallel against this subgraph as one HTTP request (a JSON array, as Apollo Server's allowBatchedHttpRequests takes); only for subgraphs that accept batches.",
  );
const deduplicateEntities = z
  .boolean()
  .describe(
    'Within one client request, merge entity fetches of the same selection into one and never send the same entity representation twice (an entity already fetched for the same selection is reused).',
  );

export const subgraphTrafficSchema = z.strictObject({
  timeout: timeout.prefault('30s'),
  connect_timeout: connectTimeout.prefault('5s'),
  max_connections: maxConnections.default(128),
  keep_alive: keepAlive.prefault('30s'),
  retries: retries.default(1),
  batching: batching.default(false),
  deduplicate_entities: deduplicateEntities.default(true),
});

export const subgraphOverrideSchema = z.strictObject({
  url: z.url().optional().describe("Where to send this subgraph's requests instead of the supergraph's routing URL (e.g. staging)."),
  timeout: timeout.optional(),
  connect_timeout: connectTimeout.optional(),
  max_connections: maxConnections.optional(),
  keep_alive: keepAlive.optional(),
  retries: retries.optional(),
  batching: batching.optional(),
  deduplicate_entities: deduplicateEntities.optional(),
  include_errors: z
    .boolean()
    .optional()
    .describe("Pass this subgraph's error messages to clients (overrides include_subgraph_errors for it)."),
  headers: z.record(z.string(), z.string()).default({}).describe('Static headers added to every request to this subgraph.'),
});

export const subgraphsConfigSchema = z.strictObject({
  all: subgraphTrafficSchema.default(subgraphTrafficSchema.parse({})).describe('Settings for every subgraph.'),
  overrides: z
    .record(z.string(), subgraphOverrideSchema)
    .default({})
    .describe('Per-subgraph settings, by subgraph name; each key overrides the same key of `all`.'),
});

export type SubgraphsConfig = z.output<typeof subgraphsConfigSchema>;
export type SubgraphTraffic = z.output<typeof subgraphTrafficSchema>;
