// Starting a subscription for a streaming transport, and ending them all at shutdown. A subscription is
// started the way a request is answered — the features build its context (identity, limits), Apollo
// Server parses, validates and runs it through the executor chain (authorization decides the root field
// and every pre-plan rule) — and only once all of that lets it through is the subgraph subscribed to.
import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import { type FormattedExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ANONYMOUS, unauthenticated } from '../auth/index.ts';
import type { SubscriptionsConfig } from '../config/subscriptionsConfig.ts';
import { formatClientError } from '../gateway/index.ts';
import type { SubgraphSettings } from '../gateway/subgraphFetcher/index.ts';
import type { Logger } from '../observability/index.ts';
import { type GatehouseContext, headerMapOf, type RequestContextBuilder } from '../pipeline/index.ts';
import type { GatewayExecutionResult } from './gatewayTypes.ts';
import type { SubgraphSubscriptions } from './subgraphSubscriptions.ts';
import { OpenCounts } from './subscriptionBounds.ts';
import { formattedErrorOf, shuttingDown, subscriptionLimitExceeded, supergraphChanged } from './subscriptionErrors.ts';
import type { SubscriptionStart } from './subscriptionGateway.ts';
import type { SubgraphEvent } from './subscriptionPlans.ts';
import { SubscriptionStream } from './subscriptionStream.ts';

export type Transport = 'websocket' | 'sse';

/** What a client asked for, in the GraphQL-over-HTTP request shape. */
export interface OperationParams {
  query?: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

export type OpenedOperation =
  /** Not started: the errors say why; `status` is the HTTP status of the refusal. */
  | { kind: 'refused'; errors: readonly GraphQLFormattedError[]; status: number }
  /** A query or mutation sent over the stream: its one result. */
  | { kind: 'result'; result: FormattedExecutionResult }
  | { kind: 'stream'; stream: SubscriptionStream };

/** Why a subscription ended, for its log line. */
export type EndReason = 'client' | 'completed' | 'subgraph_failed' | 'token_expired' | 'supergraph_changed' | 'shutdown';

export interface SubscriptionRecord {
  id: string;
  transport: Transport;
  operation: string;
  subgraph: string;
  subject: string | undefined;
}

/** Metrics and logs of subscriptions (observability implements it). */
export interface SubscriptionObserver {
  started(record: SubscriptionRecord): void;
  ended(record: SubscriptionRecord, outcome: { reason: EndReason; events: number; durationMs: number }): void;
  delivered(transport: Transport): void;
  dropped(transport: Transport, count: number): void;
}

export interface SubscriptionServiceOptions {
  apollo: ApolloServer<GatehouseContext>;
  buildContext: RequestContextBuilder;
  subgraphs: SubgraphSubscriptions;
  settings: SubgraphSettings;
  config: SubscriptionsConfig;
  observer: SubscriptionObserver;
  logger: Logger;
}

/** Node's timers hold at most ~24.8 days; a later expiry is checked again when this one fires. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

function statusOf(error: unknown): number {
  const http = error instanceof GraphQLError ? (error.extensions.http as { status?: number } | undefined) : undefined;
  return http?.status ?? 500;
}

export class SubscriptionService {
  readonly #options: SubscriptionServiceOptions;
  readonly #perPrincipal: OpenCounts;
  /** Every open stream, with how to end it for a reason. */
  readonly #streams = new Map<SubscriptionStream, (why: EndReason, errors: readonly GraphQLFormattedError[]) => void>();
  #closing = false;

  constructor(options: SubscriptionServiceOptions) {
    this.#options = options;
    this.#perPrincipal = new OpenCounts(options.config.max_per_principal);
  }

  #mask(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
    const { settings } = this.#options;
    return errors.map((error) => formatClientError(error, { includeSubgraphErrors: (subgraph) => settings.includeErrorsOf(subgraph) }));
  }

  /** `request` carries the operation's headers and body (see operationRequest). */
  async open(request: FastifyRequest, params: OperationParams, transport: Transport): Promise<OpenedOperation> {
    if (this.#closing) return { kind: 'refused', errors: [formattedErrorOf(shuttingDown('The gateway is shutting down'))], status: 503 };
    const { apollo, buildContext } = this.#options;
    let context: GatehouseContext;
    try {
      context = await buildContext(request, randomUUID());
    } catch (error) {
      return { kind: 'refused', errors: [formattedErrorOf(error)], status: statusOf(error) };
    }
    const start: SubscriptionStart = { phase: 'start' };
    context.subscription = start;
    const response = await apollo.executeOperation(
      {
        query: params.query,
        operationName: params.operationName ?? undefined,
        variables: params.variables ?? undefined,
        extensions: params.extensions ?? undefined,
        http: { method: 'POST', headers: headerMapOf(request), search: '', body: params },
      },
      { contextValue: context },
    );
    const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
    const accepted = start.accepted;
    if (!start.requestContext) return { kind: 'result', result };
    if (!accepted || !start.execute) {
      return { kind: 'refused', errors: result.errors ?? [], status: response.http.status ?? 200 };
    }
    return this.#subscribe(request, start, transport);
  }

  #subscribe(request: FastifyRequest, start: SubscriptionStart, transport: Transport): OpenedOperation {
    const { accepted, requestContext } = start as Required<SubscriptionStart>;
    const context = requestContext.context as GatehouseContext;
    const principal = context.principal ?? ANONYMOUS;
    const principalKey = principal.authenticated && principal.subject !== undefined ? `sub:${principal.subject}` : `ip:${request.ip}`;
    const releasePlace = this.#perPrincipal.acquire(principalKey);
    if (!releasePlace) {
      const max = this.#options.config.max_per_principal;
      const error = subscriptionLimitExceeded(`At most ${max} subscriptions may be open at once per caller`, { details: { max } });
      return { kind: 'refused', errors: [formattedErrorOf(error)], status: 429 };
    }

    const { observer, config, subgraphs, settings } = this.#options;
    const { plan } = accepted;
    const record: SubscriptionRecord = {
      id: context.requestId,
      transport,
      operation: requestContext.operationName ?? '(anonymous)',
      subgraph: plan.primary.serviceName,
      subject: principal.subject,
    };
    const started = performance.now();
    let events = 0;
    let reason: EndReason = 'client';
    let unsubscribe: (() => void) | undefined;
    let expiry: NodeJS.Timeout | undefined;

    const stream: SubscriptionStream = new SubscriptionStream({
      maxBuffered: config.max_buffered_events,
      execute: (event) => this.#executeEvent(start, event),
      onDelivered: () => {
        events++;
        observer.delivered(transport);
      },
      onDropped: (count) => observer.dropped(transport, count),
      onClosed: () => {
        unsubscribe?.();
        clearTimeout(expiry);
        releasePlace();
        this.#streams.delete(stream);
        observer.ended(record, { reason, events, durationMs: performance.now() - started });
      },
    });
    const endWith = (why: EndReason, errors: readonly GraphQLFormattedError[], dropQueued: boolean) => {
      reason = why;
      stream.end({ errors: this.#mask(errors) }, { dropQueued });
    };

    // The token's lifetime is the subscription's: past `exp` it ends, events queued then are dropped.
    const expiresAt = typeof principal.claims.exp === 'number' ? principal.claims.exp * 1000 : undefined;
    const armExpiry = () => {
      if (expiresAt === undefined) return;
      const left = expiresAt - Date.now();
      if (left > LONGEST_TIMER_MS) expiry = setTimeout(armExpiry, LONGEST_TIMER_MS);
      else {
        expiry = setTimeout(
          () =>
            endWith('token_expired', [formattedErrorOf(unauthenticated('The token expired: subscribe again with a fresh token'))], true),
          Math.max(left, 0),
        );
      }
    };
    armExpiry();

    this.#streams.set(stream, (why, errors) => endWith(why, errors, true));
    observer.started(record);
    const route = settings.routeFor(plan.primary.serviceName, accepted.routingUrl);
    const variables: Record<string, unknown> = {};
    for (const name of plan.primary.variableUsages ?? []) {
      const value = requestContext.request.variables?.[name];
      if (value !== undefined) variables[name] = value;
    }
    unsubscribe = subgraphs.subscribe(
      {
        subgraph: plan.primary.serviceName,
        url: `${route.origin}${route.path}`,
        query: plan.primary.operation,
        operationName: plan.primary.operationName,
        variables,
        headers: route.buildHeaders(requestContext.request.http?.headers, principal),
      },
      {
        next: (event) => stream.push(event),
        error: (errors) => endWith('subgraph_failed', errors, false),
        complete: () => {
          reason = 'completed';
          stream.end(null);
        },
      },
    );
    return { kind: 'stream', stream };
  }

  /** One event through the executor chain beneath the outermost wrapper, as a request would go. */
  async #executeEvent(start: SubscriptionStart, event: SubgraphEvent): Promise<FormattedExecutionResult> {
    const { requestContext, execute } = start as Required<SubscriptionStart>;
    let result: GatewayExecutionResult;
    try {
      result = await execute({
        ...requestContext,
        context: { ...(requestContext.context as GatehouseContext), subscription: { phase: 'event', event } },
        metrics: {},
      });
    } catch (error) {
      this.#options.logger.error({ err: error }, 'a subscription event could not be executed');
      result = { errors: [error as GraphQLError] };
    }
    const errors = result.errors?.length ? this.#mask(result.errors.map(formattedErrorOf)) : undefined;
    return { ...(result.data !== undefined ? { data: result.data } : {}), ...(errors ? { errors } : {}) };
  }

  /** Ends every open stream with SUBSCRIPTION_SCHEMA_RELOAD: each was planned against the supergraph that no longer serves. */
  supergraphChanged(): void {
    this.#endAll('supergraph_changed', supergraphChanged('The supergraph changed: subscribe again'));
  }

  /** Ends every open stream with a last result carrying `error`, its queued events dropped. */
  #endAll(why: EndReason, error: GraphQLError): void {
    const formatted = formattedErrorOf(error);
    for (const end of [...this.#streams.values()]) end(why, [formatted]);
  }

  /** Refuses new subscriptions and ends every stream with SHUTTING_DOWN after its in-flight event; resolves once all are over. */
  async shutdown(timeoutMs: number): Promise<void> {
    this.#closing = true;
    const streams = [...this.#streams.keys()];
    this.#endAll('shutdown', shuttingDown('The gateway is shutting down: subscribe again'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(streams.map((stream) => stream.whenClosed())),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    for (const stream of streams) await stream.return();
  }
}
