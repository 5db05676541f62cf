// `telemetry:` — request logs, Prometheus metrics and OpenTelemetry traces.
import { z } from 'zod';

export const telemetryConfigSchema = z.strictObject({
  logs: z
    .strictObject({
      format: z
        .enum(['auto', 'json', 'pretty'])
        .default('auto')
        .describe('`json` lines, `pretty` for people, or `auto`: pretty when stdout is a terminal.'),
      requests: z.boolean().default(true).describe('Log one line per request (id, operation, duration, status, subject, rejection code).'),
    })
    .default({ format: 'auto', requests: true }),
  metrics: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Serve Prometheus metrics.'),
      path: z.string().startsWith('/').default('/metrics').describe('Path of the metrics endpoint.'),
    })
    .default({ enabled: true, path: '/metrics' }),
  tracing: z
    .strictObject({
      otlp_endpoint: z
        .url()
        .optional()
        .describe('OTLP/HTTP traces endpoint, e.g. http://collector:4318/v1/traces; tracing is off when unset.'),
      service_name: z.string().default('gatehouse').describe('`service.name` of the exported spans.'),
      sample_ratio: z
        .number()
        .min(0)
        .max(1)
        .default(1)
        .describe('Share of requests traced (a trace started by the caller keeps its decision).'),
    })
    .default({ service_name: 'gatehouse', sample_ratio: 1 }),
});

export type TelemetryConfig = z.output<typeof telemetryConfigSchema>;
