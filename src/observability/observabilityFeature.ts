// One log line and the metrics of every GraphQL request, `GET /metrics`, and (when configured) a
// trace span per request. A GatewayFeature placed first, so it sees requests that later features refuse.
import type { ApolloServerPlugin } from '@apollo/server';
import { type Context, context as otelContext, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TelemetryConfig } from '../config/telemetryConfig.ts';
import type { GatehouseContext, GatewayFeature } from '../pipeline/index.ts';
import type { GatewayMetrics, RequestOutcome } from './gatewayMetrics.ts';
import type { Logger } from './logger.ts';
import type { Tracing } from './tracing.ts';

declare module '../pipeline/context.ts' {
  interface GatehouseContext {
    /** What observability learns about the request as it goes (Apollo copies the context per operation; this is shared). */
    telemetry?: RequestRecord;
  }
}

/** What the pipeline learned about one request, for its log line and metrics. */
export interface RequestRecord {
  context?: GatehouseContext;
  operation?: string;
  operationHash?: string;
  /** The operation's estimated cost, when the limits feature estimated one. */
  cost?: number;
  errorCodes: string[];
  span?: Span;
  spanContext?: Context;
}

export interface ObservabilityFeatureOptions {
  telemetry: TelemetryConfig;
  graphqlPath: string;
  logger: Logger;
  metrics: GatewayMetrics;
  tracing: Tracing | undefined;
}

function codeOf(error: { extensions?: Record<string, unknown> }): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** Errors of answers made before Apollo's request pipeline ran (refused context, bad body): read from the body. */
function codesInBody(payload: unknown): string[] {
  if (typeof payload !== 'string') return [];
  try {
    const body = JSON.parse(payload) as { errors?: { extensions?: Record<string, unknown> }[] };
    return Array.isArray(body.errors) ? body.errors.map(codeOf) : [];
  } catch {
    return [];
  }
}

function outcomeOf(status: number, errorCodes: readonly string[]): RequestOutcome {
  if (status >= 500) return 'error';
  if (status >= 400) return 'rejected';
  return errorCodes.length > 0 ? 'partial' : 'success';
}

export function createObservabilityFeature(options: ObservabilityFeatureOptions): GatewayFeature {
  const { metrics, tracing, logger } = options;
  const records = new WeakMap<FastifyRequest, RequestRecord>();
  const requestLogs = options.telemetry.logs.requests;
  const isGraphqlRequest = (request: FastifyRequest) => request.routeOptions.url === options.graphqlPath;

  const recordOf = (request: FastifyRequest): RequestRecord => {
    let record = records.get(request);
    if (!record) {
      record = { errorCodes: [] };
      records.set(request, record);
    }
    return record;
  };

  const finish = (request: FastifyRequest, reply: FastifyReply) => {
    const record = recordOf(request);
    const status = reply.statusCode;
    const durationMs = reply.elapsedTime;
    const operation = record.operation ?? '(none)';
    const outcome = outcomeOf(status, record.errorCodes);
    const rejection = status >= 400 ? (record.errorCodes[0] ?? `HTTP_${status}`) : undefined;
    metrics.observeRequest(operation, outcome, durationMs, rejection);
    if (status === 429) metrics.countRateLimitDenial();
    if (record.span) tracing?.endRequestSpan(record.span, status);
    if (!requestLogs) return;
    const line = {
      request_id: reply.getHeader('x-request-id'),
      operation,
      operation_hash: record.operationHash,
      cost: record.cost,
      duration_ms: Math.round(durationMs * 100) / 100,
      status,
      subject: record.context?.principal?.subject,
      rejection,
      errors: status < 400 && record.errorCodes.length > 0 ? record.errorCodes : undefined,
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };

  const plugin: ApolloServerPlugin<GatehouseContext> = {
    async requestDidStart({ contextValue }) {
      const record = contextValue.telemetry;
      if (!record) return;
      return {
        async didResolveOperation(requestContext) {
          record.operation = requestContext.operationName ?? '(anonymous)';
          record.operationHash = requestContext.queryHash;
        },
        async willSendResponse(requestContext) {
          if (record.operationHash === undefined) record.operationHash = requestContext.queryHash;
          const { body } = requestContext.response;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          record.errorCodes = (errors ?? []).map(codeOf);
          // The limits feature leaves the operation's estimated cost on the context as `cost` (a number).
          const { cost } = requestContext.contextValue as { cost?: unknown };
          if (typeof cost === 'number' && requestContext.operation) {
            record.cost = cost;
            metrics.observeCost(record.operation ?? '(anonymous)', cost);
          }
        },
      };
    },
  };

  return {
    name: 'observability',
    plugins: [plugin],
    extendContext(request, context) {
      const record = recordOf(request);
      record.context = context;
      context.telemetry = record;
    },
    registerRoutes(app: FastifyInstance) {
      if (options.telemetry.metrics.enabled) {
        app.get(options.telemetry.metrics.path, async (_request, reply) => {
          const body = await metrics.exposition();
          return reply.type(metrics.registry.contentType).send(body);
        });
      }
      if (tracing) {
        app.addHook('onRequest', (request, _reply, done) => {
          if (!isGraphqlRequest(request)) return done();
          const record = recordOf(request);
          const started = tracing.startRequestSpan(`${request.method} ${options.graphqlPath}`, request.headers);
          record.span = started.span;
          record.spanContext = started.context;
          done();
        });
        // Activated after the body is read, so the handler and all it awaits run inside the request's span.
        app.addHook('preHandler', (request, _reply, done) => {
          const spanContext = records.get(request)?.spanContext;
          if (spanContext) otelContext.with(spanContext, done);
          else done();
        });
      }
      app.addHook('onSend', async (request, reply, payload) => {
        if (reply.statusCode >= 400 && isGraphqlRequest(request)) {
          const record = recordOf(request);
          if (record.errorCodes.length === 0) record.errorCodes = codesInBody(payload);
        }
        return payload;
      });
      app.addHook('onResponse', async (request, reply) => {
        if (isGraphqlRequest(request)) finish(request, reply);
      });
    },
  };
}
