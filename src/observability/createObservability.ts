// Builds the gateway's telemetry from `telemetry:` config: metrics, tracing when configured, and the
// feature that logs and measures each request.
import type { TelemetryConfig } from '../config/telemetryConfig.ts';
import { GatewayMetrics } from './gatewayMetrics.ts';
import type { Logger } from './logger.ts';
import { createObservabilityFeature } from './observabilityFeature.ts';
import { startTracing } from './tracing.ts';

export interface ObservabilityOptions {
  telemetry: TelemetryConfig;
  graphqlPath: string;
  logger: Logger;
}

export type Observability = ReturnType<typeof createObservability>;

export function createObservability(options: ObservabilityOptions) {
  const metrics = new GatewayMetrics();
  const tracing = startTracing(options.telemetry.tracing);
  const requestFeature = createObservabilityFeature({ ...options, metrics, tracing });
  return {
    metrics,
    /** Placed first among the gateway's features; closing it flushes buffered spans. */
    feature: { ...requestFeature, close: async () => tracing?.shutdown() },
    /** Subgraph fetch latency and failures, from the subgraph fetcher. */
    observeSubgraphFetch(event: { subgraph: string; durationMs: number; errorCode?: string }): void {
      metrics.observeSubgraphFetch(event.subgraph, event.durationMs, event.errorCode);
    },
    /** Listens to the serving supergraph. */
    supergraphEvents: {
      loaded: (supergraph: { id: string }) => metrics.supergraphLoaded(supergraph.id),
      rejected: () => metrics.supergraphRejected(),
    },
  };
}
