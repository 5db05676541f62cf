import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineError } from '../../src/errors/index.ts';
import type { GatewayFeature } from '../../src/index.ts';
import {
  composeExampleSupergraph,
  type ExampleGraph,
  startExampleGraph,
  startTestGateway,
  type TestGateway,
} from '../support/exampleGraph.ts';
import { findClosedPort } from '../support/ports.ts';

const rateLimited = defineError('RATE_LIMITED', 429);

/** Stands in for auth and budgets: a subject for every caller, a 429 on request. */
const identityAndBudget: GatewayFeature = {
  name: 'test identity and budget',
  extendContext(request, context) {
    if (request.headers['x-over-budget']) throw rateLimited('Over budget', { headers: { 'retry-after': '1' } });
    context.principal = { authenticated: true, subject: 'user-42', scopes: [], roles: [], claims: { sub: 'user-42' } };
  },
};

describe('request logs and /metrics', () => {
  let graph: ExampleGraph;
  let gateway: TestGateway;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    graph = await startExampleGraph();
    const inventoryDown = `http://127.0.0.1:${await findClosedPort()}/graphql`;
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
          done();
        },
      }),
    );
    gateway = await startTestGateway({
      supergraph: { sdl: composeExampleSupergraph({ ...graph.subgraphs.urls, inventory: inventoryDown }) },
      logger,
      features: [identityAndBudget],
      subgraphs: { all: { retries: 0 } },
    });
    await gateway.post({ query: 'query Top { topProducts(first: 1) { name } }' }, { 'x-request-id': 'req-ok' });
    await gateway.post({ query: 'query Stock { topProducts(first: 1) { name inStock } }' }, { 'x-request-id': 'req-partial' });
    await gateway.post({ query: '{ nope }' }, { 'x-request-id': 'req-invalid' });
    await gateway.post({ query: 'query Top { topProducts(first: 1) { name } }' }, { 'x-request-id': 'req-429', 'x-over-budget': '1' });
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.close();
  });

  const requestLine = (id: string) => lines.find((line) => line.msg === 'request' && line.request_id === id);

  it('logs one JSON line per request with id, operation, hash, estimated cost, duration, status and subject', () => {
    expect(lines.filter((line) => line.msg === 'request')).toHaveLength(4);
    const ok = requestLine('req-ok');
    // topProducts(first: 1) is one Product: @listSize(slicingArguments: ["first"]) sizes the list by the argument.
    expect(ok).toMatchObject({ operation: 'Top', status: 200, subject: 'user-42', cost: 1 });
    expect(ok?.operation_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(ok?.duration_ms).toEqual(expect.any(Number));
    expect(ok).not.toHaveProperty('rejection');
    expect(requestLine('req-partial')).toMatchObject({ operation: 'Stock', status: 200, errors: ['SUBGRAPH_UNAVAILABLE'] });
  });

  it('logs the rejection code of refused requests, including those refused before execution', () => {
    expect(requestLine('req-invalid')).toMatchObject({ status: 400, rejection: 'GRAPHQL_VALIDATION_FAILED' });
    expect(requestLine('req-invalid')).not.toHaveProperty('cost');
    expect(requestLine('req-429')).toMatchObject({ status: 429, rejection: 'RATE_LIMITED' });
  });

  it('exposes request, rejection, subgraph, cost, supergraph and process series at /metrics', async () => {
    const response = await fetch(new URL('/metrics', gateway.url));
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    for (const series of [
      'gatehouse_requests_total{operation="Top",outcome="success"} 1',
      'gatehouse_requests_total{operation="Stock",outcome="partial"} 1',
      'gatehouse_requests_total{operation="(none)",outcome="rejected"} 2',
      'gatehouse_request_duration_seconds_count{operation="Top",outcome="success"} 1',
      'gatehouse_rejections_total{code="GRAPHQL_VALIDATION_FAILED"} 1',
      'gatehouse_rejections_total{code="RATE_LIMITED"} 1',
      'gatehouse_rate_limit_denials_total 1',
      'gatehouse_subgraph_fetch_duration_seconds_count{subgraph="products"} 2',
      'gatehouse_subgraph_fetch_errors_total{subgraph="inventory",code="SUBGRAPH_UNAVAILABLE"} 1',
      'gatehouse_operation_cost_count{operation="Top"} 1',
      'gatehouse_operation_cost_count{operation="Stock"} 1',
      'gatehouse_operation_cost_bucket{le="1",operation="Top"} 1',
      `gatehouse_supergraph_info{id="${gateway.gateway.supergraph.current?.id}"} 1`,
      'gatehouse_supergraph_updates_total{result="loaded"} 1',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(series);
    }
  });
});
