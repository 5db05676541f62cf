// Test fixtures for the limits: the example graph behind a real gateway with a given config, an
// assertion for "refused with this code, status and values, and no subgraph was asked", and the
// parsing helper the measure functions' tests share.
import { type DocumentNode, getOperationAST, parse } from 'graphql';
import { afterAll, beforeAll, expect } from 'vitest';
import { type ExpandedOperation, expandOperation, isFragmentProblem } from '../../../src/limits/expandOperation.ts';
import type { CreateGatewayOptions } from '../../../src/server/index.ts';
import { type ExampleGraph, type GraphQLBody, startExampleGraph, startTestGateway, type TestGateway } from '../../support/exampleGraph.ts';

export interface LimitedGateway {
  readonly graph: ExampleGraph;
  readonly gateway: TestGateway;
  /** POSTs after forgetting what the subgraphs received before. */
  post(body: unknown, headers?: Record<string, string>): ReturnType<TestGateway['post']>;
}

type GatewayOptions = Partial<CreateGatewayOptions>;

/**
 * Starts the example graph and a gateway before the tests of the enclosing describe. `options` may be
 * computed once the graph runs (e.g. to name a token issuer started in an earlier hook).
 */
export function limitedGateway(options: GatewayOptions | ((graph: ExampleGraph) => GatewayOptions) = {}): LimitedGateway {
  let graph: ExampleGraph | undefined;
  let gateway: TestGateway | undefined;
  beforeAll(async () => {
    graph = await startExampleGraph();
    const resolved = typeof options === 'function' ? options(graph) : options;
    gateway = await startTestGateway({ supergraph: { sdl: graph.supergraphSdl }, ...resolved });
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.close();
  });
  return {
    get graph() {
      return graph as ExampleGraph;
    },
    get gateway() {
      return gateway as TestGateway;
    },
    async post(body, headers) {
      (graph as ExampleGraph).received.length = 0;
      return (gateway as TestGateway).post(body, headers);
    },
  };
}

export interface Refusal {
  status: number;
  code: string;
  /** Values the error's extensions must carry, e.g. `{ depth: 4, maxDepth: 3 }`. */
  values?: Record<string, unknown>;
}

/** The response refuses the whole operation with one error, and no subgraph received anything. */
export function expectRefused(
  response: { status: number; body: GraphQLBody },
  graph: ExampleGraph,
  { status, code, values = {} }: Refusal,
): void {
  expect(response.body.errors?.[0]?.extensions).toMatchObject({ code, ...values });
  expect(response.status).toBe(status);
  expect(response.body.data).toBeUndefined();
  expect(response.body.errors).toHaveLength(1);
  expect(graph.received).toEqual([]);
}

/** The response answered with data and no errors. */
export function expectServed(response: { status: number; body: GraphQLBody }): void {
  expect(response.body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  expect(response.body.data).toBeTruthy();
}

/** A parsed operation with its fragments, as the measure functions take it. */
export function expandedOf(query: string, operationName?: string): ExpandedOperation {
  const document: DocumentNode = parse(query);
  const operation = getOperationAST(document, operationName);
  if (!operation) throw new Error('no such operation');
  const expanded = expandOperation(document, operation);
  if (isFragmentProblem(expanded)) throw new Error(`${expanded.problem}: ${expanded.fragment}`);
  return expanded;
}
