// The registry's options: where a gateway finds it (the `supergraph.registry` source), what the gateway
// reports to it (the `registry` section), and how `gatehouse registry` itself runs.
import { z } from 'zod';
import { GRAPH_REF_FORMAT, parseGraphRef } from '../registry/graphRef.ts';
import { duration } from './duration.ts';

/** `shop@prod`, or `shop` for `shop@current`: a graph variant of the registry. */
const graphRef = z.string().refine((ref) => parseGraphRef(ref) !== undefined, GRAPH_REF_FORMAT);

/** `supergraph.registry`: the gateway serves the registry's latest supergraph and follows it. */
export const registrySupergraphSourceSchema = z.strictObject({
  url: z.url().describe('Base URL of the Gatehouse registry, e.g. http://127.0.0.1:4001.'),
  token: z.string().min(1).optional().describe('A registry token (read-only is enough), sent as `Authorization: Bearer`.'),
  graph_ref: graphRef
    .optional()
    .describe(
      "The graph variant to serve, e.g. `shop@prod` (`shop` is `shop@current`); by default the registry's default variant, `default@current`.",
    ),
  poll_interval: duration
    .refine((ms) => ms >= 10, 'poll at most every 10ms')
    .default(10_000)
    .describe('How often to ask the registry for a newer supergraph (ETag, so unchanged costs little).'),
  timeout: duration.default(5_000).describe('How long one request to the registry may take.'),
  cache_file: z
    .string()
    .optional()
    .describe('Where the last good supergraph is kept on disk; the gateway starts from it when the registry is down at boot.'),
});

export const usageReportingConfigSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Report which schema coordinates operations use, for usage-aware schema checks.'),
  url: z.url().optional().describe('The registry to report to; by default the one `supergraph.registry` names.'),
  token: z.string().min(1).optional().describe('Token for reports (read-only is enough); by default `supergraph.registry.token`.'),
  graph_ref: graphRef.optional().describe('The graph variant the usage is recorded for; by default `supergraph.registry.graph_ref`.'),
  flush_interval: duration.default(10_000).describe('How often batched usage is sent, off the request path.'),
  max_operations_per_report: z.number().int().min(1).default(1_000).describe('Distinct operations per report; more sends a report early.'),
  max_pending_operations: z
    .number()
    .int()
    .min(1)
    .default(10_000)
    .describe('Distinct operations held while the registry is unreachable; beyond it, new ones are dropped (and counted in a log line).'),
  client_name_header: z
    .string()
    .default('apollographql-client-name')
    .describe('Request header naming the client, as Apollo clients send it.'),
  client_version_header: z.string().default('apollographql-client-version').describe("Request header with the client's version."),
});

/** gatehouse.yaml's `registry` section: what the gateway tells the registry. */
export const registryConfigSchema = z.strictObject({
  usage_reporting: usageReportingConfigSchema.default(usageReportingConfigSchema.parse({})),
});

/** `gatehouse registry`'s options (flags and environment fill them in). */
export const registryServerConfigSchema = z.strictObject({
  host: z.string().default('127.0.0.1').describe('Address to listen on.'),
  port: z.number().int().min(0).max(65535).default(4001).describe('Port to listen on (0 picks a free one).'),
  database_url: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional()
    .describe('PostgreSQL to store in (several registry instances may share it); without it, the embedded store in `data_dir`.'),
  data_dir: z
    .string()
    .default('.gatehouse/registry')
    .describe("The embedded store's directory (PGlite), used when no database_url is set."),
  admin_token: z.string().min(16).optional().describe('The bootstrap admin token; generated and printed at start when not set.'),
  body_limit: z
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024)
    .describe('Largest request body accepted, in bytes (SDLs can be large).'),
  usage_window_days: z.number().int().min(1).max(365).default(7).describe('How far back recorded usage counts in checks.'),
  fail_on_unused_breaking_changes: z
    .boolean()
    .default(true)
    .describe('Whether a breaking change that no recorded operation used still fails a check.'),
  rules: z
    .record(z.string().min(1), z.string().min(1))
    .default({})
    .describe(
      "The gateways' rule modules (`definePermissions(...)`) or gatehouse.yaml files (adding their @policy definitions), by graph ref (`shop@prod`) or `*` for every variant: checks and publishes then report which rule decides each new field.",
    ),
  allow_newly_exposed_fields: z
    .boolean()
    .default(false)
    .describe("Whether a new field an anonymous caller could read through a '*', type or fallback rule passes checks and publishes."),
});

export type RegistrySupergraphSourceConfig = z.output<typeof registrySupergraphSourceSchema>;
export type UsageReportingConfig = z.output<typeof usageReportingConfigSchema>;
export type RegistryConfig = z.output<typeof registryConfigSchema>;
export type RegistryServerConfig = z.output<typeof registryServerConfigSchema>;
export type RegistryServerConfigInput = z.input<typeof registryServerConfigSchema>;
