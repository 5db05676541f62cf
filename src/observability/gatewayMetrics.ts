// The gateway's Prometheus series, in a registry of its own (several gateways may share a process).
import cluster from 'node:cluster';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { joinClusterMetrics } from './clusterMetrics.ts';
import { RuleDecisionMetrics } from './ruleDecisionMetrics.ts';

export type RequestOutcome = 'success' | 'partial' | 'rejected' | 'error';

/** Client-chosen operation names are labels: past this many distinct ones, new names count as "(other)". */
const MAX_OPERATION_LABELS = 500;

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Wide on purpose: a graph without @listSize prices lists at an assumed size, so costs run to the hundreds of thousands.
const COST_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000];

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #operations = new Set<string>();

  readonly #requests = new Counter({
    name: 'gatehouse_requests_total',
    help: 'GraphQL requests, by operation name and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #requestDuration = new Histogram({
    name: 'gatehouse_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its answer, by operation name and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #rejections = new Counter({
    name: 'gatehouse_rejections_total',
    help: 'Requests refused (HTTP 4xx) by the error code they were refused with.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly #rateLimited = new Counter({
    name: 'gatehouse_rate_limit_denials_total',
    help: 'Requests refused because the caller was over its rate-limit budget (HTTP 429).',
    registers: [this.registry],
  });
  readonly #cost = new Histogram({
    name: 'gatehouse_operation_cost',
    help: 'Estimated cost (demand control) of the operations served, by operation name: to choose limits.max_cost and a budget from real traffic.',
    labelNames: ['operation'] as const,
    buckets: COST_BUCKETS,
    registers: [this.registry],
  });
  readonly #fetchDuration = new Histogram({
    name: 'gatehouse_subgraph_fetch_duration_seconds',
    help: 'Time of one fetch from a subgraph, by subgraph.',
    labelNames: ['subgraph'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #fetchErrors = new Counter({
    name: 'gatehouse_subgraph_fetch_errors_total',
    help: 'Subgraph fetches that failed (SUBGRAPH_* codes) or answered with GraphQL errors (SUBGRAPH_ERROR), by subgraph and code.',
    labelNames: ['subgraph', 'code'] as const,
    registers: [this.registry],
  });
  readonly #supergraph = new Gauge({
    name: 'gatehouse_supergraph_info',
    help: 'The serving supergraph: 1 for its id (sha256 of the SDL).',
    labelNames: ['id'] as const,
    registers: [this.registry],
    // Workers serving the same supergraph report the same id: the group's value is still 1.
    aggregator: 'max',
  });
  readonly #supergraphUpdates = new Counter({
    name: 'gatehouse_supergraph_updates_total',
    help: 'Supergraphs offered to the gateway, by result: loaded or rejected (the last good one kept serving).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly #subscriptionsActive = new Gauge({
    name: 'gatehouse_subscriptions_active',
    help: 'Subscriptions open now, by transport (websocket or sse).',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly #subscriptionsEnded = new Counter({
    name: 'gatehouse_subscriptions_ended_total',
    help: 'Subscriptions that ended, by transport and reason (client, completed, subgraph_failed, token_expired, supergraph_changed, shutdown).',
    labelNames: ['transport', 'reason'] as const,
    registers: [this.registry],
  });
  readonly #subscriptionEvents = new Counter({
    name: 'gatehouse_subscription_events_total',
    help: 'Subscription events, by transport and outcome: delivered to the client, or dropped (a slow client past its buffer, or the stream ending).',
    labelNames: ['transport', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #groupMetrics: (() => Promise<string>) | undefined;
  /** Authorization decisions by rule and field, and rule evaluation time. */
  readonly ruleDecisions = new RuleDecisionMetrics(this.registry);

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.#groupMetrics = cluster.isWorker ? joinClusterMetrics(this.registry) : undefined;
  }

  /** The Prometheus text of this process, or of every worker when it is one of a group. */
  async exposition(): Promise<string> {
    if (this.#groupMetrics) {
      try {
        return await this.#groupMetrics();
      } catch {
        // A primary that is not Gatehouse's (or is gone): this worker's own series are better than none.
      }
    }
    return this.registry.metrics();
  }

  #operationLabel(name: string): string {
    if (this.#operations.has(name)) return name;
    if (this.#operations.size >= MAX_OPERATION_LABELS) return '(other)';
    this.#operations.add(name);
    return name;
  }

  observeRequest(operation: string, outcome: RequestOutcome, durationMs: number, rejectionCode?: string): void {
    const labels = { operation: this.#operationLabel(operation), outcome };
    this.#requests.inc(labels);
    this.#requestDuration.observe(labels, durationMs / 1000);
    if (rejectionCode !== undefined) this.#rejections.inc({ code: rejectionCode });
  }

  countRateLimitDenial(): void {
    this.#rateLimited.inc();
  }

  observeCost(operation: string, cost: number): void {
    this.#cost.observe({ operation: this.#operationLabel(operation) }, cost);
  }

  observeSubgraphFetch(subgraph: string, durationMs: number, errorCode: string | undefined): void {
    this.#fetchDuration.observe({ subgraph }, durationMs / 1000);
    if (errorCode !== undefined) this.#fetchErrors.inc({ subgraph, code: errorCode });
  }

  supergraphLoaded(id: string): void {
    this.#supergraph.reset();
    this.#supergraph.set({ id }, 1);
    this.#supergraphUpdates.inc({ result: 'loaded' });
  }

  subscriptionStarted(transport: string): void {
    this.#subscriptionsActive.inc({ transport });
  }

  subscriptionEnded(transport: string, reason: string): void {
    this.#subscriptionsActive.dec({ transport });
    this.#subscriptionsEnded.inc({ transport, reason });
  }

  countSubscriptionEvents(transport: string, outcome: 'delivered' | 'dropped', count = 1): void {
    this.#subscriptionEvents.inc({ transport, outcome }, count);
  }

  supergraphRejected(): void {
    this.#supergraphUpdates.inc({ result: 'rejected' });
  }
}
