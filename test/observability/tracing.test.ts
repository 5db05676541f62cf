import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleGraph, startExampleGraph, startTestGateway } from '../support/exampleGraph.ts';

interface ExportedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

describe('OpenTelemetry tracing, when an OTLP endpoint is configured', () => {
  let graph: ExampleGraph;
  let collector: Server;
  let endpoint: string;
  const spans: ExportedSpan[] = [];
  const services: string[] = [];

  beforeAll(async () => {
    graph = await startExampleGraph();
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: { spans: ExportedSpan[] }[];
          }[];
        };
        for (const resourceSpans of body.resourceSpans) {
          services.push(...resourceSpans.resource.attributes.filter((a) => a.key === 'service.name').map((a) => a.value.stringValue ?? ''));
          for (const scope of resourceSpans.scopeSpans) spans.push(...scope.spans);
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
  });
  afterAll(async () => {
    await graph?.close();
    await new Promise((resolve) => collector?.close(resolve));
  });

  it("exports a span per request and per subgraph fetch, continuing the caller's trace and passing it to subgraphs", async () => {
    const gateway = await startTestGateway({
      supergraph: { sdl: graph.supergraphSdl },
      telemetry: { tracing: { otlp_endpoint: endpoint, service_name: 'gatehouse-test' } },
    });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    try {
      const response = await gateway.post(
        { query: '{ topProducts(first: 1) { name inStock } }' },
        { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      );
      expect(response.body.errors).toBeUndefined();
    } finally {
      await gateway.close(); // flushes the spans
    }
    expect(services).toContain('gatehouse-test');
    const inTrace = spans.filter((span) => span.traceId === traceId);
    const names = inTrace.map((span) => span.name);
    expect(names).toContain('POST /graphql');
    expect(names.filter((name) => name === 'gateway.fetch')).toHaveLength(2);
    const requestSpan = inTrace.find((span) => span.name === 'POST /graphql');
    expect(requestSpan?.parentSpanId).toBe('00f067aa0ba902b7');

    const fetchSpanIds = new Set(inTrace.filter((span) => span.name === 'gateway.fetch').map((span) => span.spanId));
    for (const subgraph of ['products', 'inventory']) {
      const traceparent = graph.received.find((entry) => entry.subgraph === subgraph)?.operation.headers.traceparent as string;
      const [, receivedTraceId, parentSpanId] = traceparent.split('-');
      expect(receivedTraceId).toBe(traceId);
      expect(fetchSpanIds.has(parentSpanId ?? '')).toBe(true);
    }
  });
});
