// gatehouse.yaml's schema: one zod definition gives the types, the defaults and the error messages.
import { z } from 'zod';
import { authConfigSchema } from './authConfig.ts';
import { authorizationConfigSchema } from './authorizationConfig.ts';
import { cacheConfigSchema } from './cacheConfig.ts';
import { duration } from './duration.ts';
import { explainConfigSchema } from './explainConfig.ts';
import { headersConfigSchema } from './headersConfig.ts';
import { batchingConfigSchema, limitsConfigSchema, persistedQueriesConfigSchema } from './limitsConfig.ts';
import { registryConfigSchema, registrySupergraphSourceSchema } from './registryConfig.ts';
import { subgraphsConfigSchema } from './subgraphsConfig.ts';
import { subscriptionsConfigSchema } from './subscriptionsConfig.ts';
import { telemetryConfigSchema } from './telemetryConfig.ts';

const byteSize = z
  .union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'a size like 1048576, "512kb" or "2mb"')])
  .transform((value) => parseByteSize(value));

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = UNITS[(match?.[2] || 'b').toLowerCase()] ?? 1;
  return Math.floor(Number(match?.[1]) * unit);
}

export const serverConfigSchema = z.strictObject({
  host: z.string().default('127.0.0.1').describe('Address to listen on; 0.0.0.0 for every interface.'),
  port: z.number().int().min(0).max(65535).default(4000).describe('Port to listen on (0 picks a free one).'),
  graphql_path: z.string().startsWith('/').default('/graphql').describe('Path of the GraphQL endpoint.'),
  body_limit: byteSize.default(1024 * 1024).describe('Largest request body accepted, in bytes or as "2mb".'),
  csrf_prevention: z.boolean().default(true).describe("Apollo Server's CSRF prevention: GET and simple requests need a non-simple header."),
  shutdown_delay: duration
    .prefault(0)
    .describe('On SIGTERM, how long /ready answers 503 while requests are still accepted (lets load balancers notice).'),
  shutdown_timeout: duration
    .prefault('10s')
    .describe('On SIGTERM, how long in-flight requests may take to finish before their connections are closed.'),
  workers: z
    .union([z.number().int().min(1), z.literal('auto')], { error: 'expected a number ≥ 1 or "auto"' })
    .default('auto')
    .describe('Worker processes sharing the port (`gatehouse start`); `auto` (the default) runs one per core. The demo runs in one.'),
});

const graphiqlOptionsSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(() => process.env.NODE_ENV !== 'production')
    .describe('Serve GraphiQL at the GraphQL endpoint (default: off when NODE_ENV=production).'),
  token_help: z
    .string()
    .optional()
    .describe("How to get a token, shown in GraphiQL's opening comment (the demo shows its `gatehouse token` command)."),
});

/** `graphiql: true|false` is short for `graphiql: { enabled: true|false }`. */
const graphiqlConfigSchema = z.union([graphiqlOptionsSchema, z.boolean().transform((enabled) => ({ enabled, token_help: undefined }))]);

export const supergraphConfigSchema = z
  .strictObject({
    file: z.string().optional().describe('A supergraph SDL file (from rover or `gatehouse compose`), watched and hot-reloaded.'),
    compose: z.string().optional().describe('A rover-format supergraph.yaml, composed at start.'),
    sdl: z.string().optional().describe('The supergraph SDL itself (for library use).'),
    registry: registrySupergraphSourceSchema.optional().describe('A Gatehouse registry, polled for its latest supergraph.'),
    watch: z.boolean().default(true).describe('Reload `file` when it changes.'),
  })
  .refine((value) => [value.file, value.compose, value.sdl, value.registry].filter((source) => source !== undefined).length === 1, {
    message: 'set exactly one of supergraph.file, supergraph.compose, supergraph.sdl or supergraph.registry',
  });

export const gatewayConfigSchema = z.strictObject({
  server: serverConfigSchema.default(serverConfigSchema.parse({})),
  supergraph: supergraphConfigSchema,
  introspection: z
    .boolean()
    .default(() => process.env.NODE_ENV !== 'production')
    .describe('Allow introspection queries (default: off when NODE_ENV=production).'),
  graphiql: graphiqlConfigSchema
    .default(() => ({ enabled: process.env.NODE_ENV !== 'production' }))
    .describe('GraphiQL for browsers opening the GraphQL endpoint: `true`, `false` or `{ enabled, token_help }`.'),
  include_subgraph_errors: z.boolean().default(false).describe("Pass subgraphs' error messages to clients instead of a redacted message."),
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  auth: authConfigSchema.optional().describe('Bearer JWT authentication; without it every caller is anonymous.'),
  authorization: authorizationConfigSchema.optional().describe('Per-field access rules (graphql-shield) and auth directives.'),
  explain: explainConfigSchema
    .prefault({})
    .describe('`extensions.explain` for allowed callers: the rules, limits, cost, budget and query plan behind an answer.'),
  subgraphs: subgraphsConfigSchema
    .default(subgraphsConfigSchema.parse({}))
    .describe('How the gateway calls subgraphs, and per-subgraph overrides.'),
  headers: headersConfigSchema.default(headersConfigSchema.parse({})).describe('Which headers are sent to subgraphs.'),
  cache: cacheConfigSchema.default(cacheConfigSchema.parse({})).describe('Per-document caches: parsed documents and query plans.'),
  telemetry: telemetryConfigSchema
    .default(telemetryConfigSchema.parse({}))
    .describe('Request logs, Prometheus metrics, OpenTelemetry traces.'),
  limits: limitsConfigSchema.default(limitsConfigSchema.parse({})).describe('Operation limits, demand control and rate limits.'),
  persisted_queries: persistedQueriesConfigSchema
    .default(persistedQueriesConfigSchema.parse({}))
    .describe('Automatic persisted queries and the safelist of trusted documents.'),
  batching: batchingConfigSchema.default(batchingConfigSchema.parse({})).describe('Several operations in one HTTP request.'),
  registry: registryConfigSchema.default(registryConfigSchema.parse({})).describe('What the gateway reports to the schema registry.'),
  subscriptions: subscriptionsConfigSchema
    .default(subscriptionsConfigSchema.parse({}))
    .describe('Subscriptions over WebSocket and SSE: bounds, and how subgraphs are subscribed to.'),
});

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
