// OpenTelemetry tracing, off unless an OTLP endpoint is configured. Once on, @apollo/gateway's own
// spans (plan, execute, one per fetch) join each request's span, and the subgraph fetcher passes
// the W3C trace context on to subgraphs.
import { type Context, context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { TelemetryConfig } from '../config/telemetryConfig.ts';

export interface Tracing {
  /** Starts the span of one HTTP request, as a child of the caller's trace context if it sent one. */
  startRequestSpan(name: string, headers: Record<string, string | string[] | undefined>): { span: Span; context: Context };
  endRequestSpan(span: Span, status: number): void;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

export async function startTracing(config: TelemetryConfig['tracing']): Promise<Tracing | undefined> {
  if (config.otlp_endpoint === undefined) return undefined;
  // The SDK and exporter load only when tracing is on: a gateway without it never holds them in memory.
  const [{ OTLPTraceExporter }, { Resource }, { BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler }] =
    await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-node'),
    ]);
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': config.service_name }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sample_ratio) }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlp_endpoint }), { scheduledDelayMillis: 1000 })],
  });
  // Sets the global tracer provider (which @apollo/gateway's spans use), the W3C propagator and async context.
  provider.register();
  const tracer = provider.getTracer('gatehouse');
  return {
    startRequestSpan(name, headers) {
      const parent = propagation.extract(context.active(), headers);
      const span = tracer.startSpan(name, { kind: SpanKind.SERVER }, parent);
      return { span, context: trace.setSpan(parent, span) };
    },
    endRequestSpan(span, status) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
