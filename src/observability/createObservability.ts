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

/** What a subscription's log lines name. */
interface SubscriptionLogRecord {
  id: string;
  transport: string;
  operation: string;
  subgraph: string;
  subject: string | undefined;
}

function subscriptionLogLine(record: SubscriptionLogRecord) {
  const { id, transport, operation, subgraph, subject } = record;
  return { subscription_id: id, transport, operation, subgraph, subject };
}

export async function createObservability(options: ObservabilityOptions) {
  const metrics = new GatewayMetrics();
  const tracing = await startTracing(options.telemetry.tracing);
  const requestFeature = createObservabilityFeature({ ...options, metrics, tracing });
  return {
    metrics,
    /** Placed first among the gateway's features; closing it flushes buffered spans. */
    feature: { ...requestFeature, close: async () => tracing?.shutdown() },
    /** Subgraph fetch latency and failures, from the subgraph fetcher. */
    observeSubgraphFetch(event: { subgraph: string; durationMs: number; errorCode?: string }): void {
      metrics.observeSubgraphFetch(event.subgraph, event.durationMs, event.errorCode);
    },
    /** One log line as each subscription starts and ends, and their metrics (a SubscriptionObserver). */
    subscriptionEvents: {
      started(record: SubscriptionLogRecord) {
        metrics.subscriptionStarted(record.transport);
        options.logger.info(subscriptionLogLine(record), 'subscription started');
      },
      ended(record: SubscriptionLogRecord, outcome: { reason: string; events: number; durationMs: number }) {
        metrics.subscriptionEnded(record.transport, outcome.reason);
        const ended = { reason: outcome.reason, events: outcome.events, duration_ms: Math.round(outcome.durationMs) };
        options.logger.info({ ...subscriptionLogLine(record), ...ended }, 'subscription ended');
      },
      delivered: (transport: string) => metrics.countSubscriptionEvents(transport, 'delivered'),
      dropped: (transport: string, count: number) => metrics.countSubscriptionEvents(transport, 'dropped', count),
    },
    /** Listens to the serving supergraph. */
    supergraphEvents: {
      loaded: (supergraph: { id: string }) => metrics.supergraphLoaded(supergraph.id),
      rejected: () => metrics.supergraphRejected(),
    },
  };
}
