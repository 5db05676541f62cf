// Test fixture: the four example subgraphs in-process, composed, behind a real gateway on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { EXAMPLE_SUBGRAPH_NAMES, type ExampleSubgraphName, readExampleSdl } from '../../examples/subgraphs/schemas.ts';
import {
  type ReceivedOperation,
  type RunningExampleSubgraphs,
  startExampleSubgraphs,
} from '../../examples/subgraphs/startExampleSubgraphs.ts';
import { composeSupergraph } from '../../src/compose/index.ts';
import { type CreateGatewayOptions, createGateway, type Gatehouse } from '../../src/index.ts';
import { silentLogger } from '../../src/observability/index.ts';

export interface ExampleGraph {
  subgraphs: RunningExampleSubgraphs;
  supergraphSdl: string;
  /** Every operation each subgraph received, oldest first. */
  received: { subgraph: ExampleSubgraphName; operation: ReceivedOperation }[];
  /** Every HTTP request each subgraph received, with the number of operations of a batch (undefined: one operation). */
  httpRequests: { subgraph: ExampleSubgraphName; batchSize: number | undefined }[];
  close(): Promise<void>;
}

export function composeExampleSupergraph(
  urls: Record<ExampleSubgraphName, string>,
  sdlOverrides: Partial<Record<ExampleSubgraphName, string>> = {},
): string {
  return composeSupergraph(
    EXAMPLE_SUBGRAPH_NAMES.map((name) => ({ name, url: urls[name], sdl: sdlOverrides[name] ?? readExampleSdl(name) })),
  ).supergraphSdl;
}

export async function startExampleGraph(): Promise<ExampleGraph> {
  const received: ExampleGraph['received'] = [];
  const httpRequests: ExampleGraph['httpRequests'] = [];
  const subgraphs = await startExampleSubgraphs({
    onOperation: (subgraph, operation) => received.push({ subgraph, operation }),
    onRequest: (subgraph, batchSize) => httpRequests.push({ subgraph, batchSize }),
  });
  return {
    subgraphs,
    supergraphSdl: composeExampleSupergraph(subgraphs.urls),
    received,
    httpRequests,
    close: () => subgraphs.close(),
  };
}

export interface TestGateway {
  gateway: Gatehouse;
  url: string;
  /** POSTs a GraphQL request as JSON; returns status, headers and parsed body. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: GraphQLBody }>;
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  [key: string]: unknown;
}

export async function startTestGateway(
  options: Partial<CreateGatewayOptions> & Pick<CreateGatewayOptions, 'supergraph'>,
): Promise<TestGateway> {
  const gateway = await createGateway({ logger: silentLogger, ...options, server: { port: 0, ...options.server } });
  const url = await gateway.listen();
  return {
    gateway,
    url,
    async post(body, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text) as GraphQLBody };
    },
    close: () => gateway.close(),
  };
}

export interface ExampleGateway {
  readonly graph: ExampleGraph;
  readonly gateway: TestGateway;
}

/**
 * Starts the example graph and a test gateway over it before the enclosing suite's tests, and closes both after.
 * Read `graph` and `gateway` inside hooks and tests: they exist only once the suite's beforeAll has run.
 */
export function useExampleGateway(options: Partial<CreateGatewayOptions> = {}): ExampleGateway {
  let graph: ExampleGraph | undefined;
  let gateway: TestGateway | undefined;
  beforeAll(async () => {
    graph = await startExampleGraph();
    gateway = await startTestGateway({ supergraph: { sdl: graph.supergraphSdl }, ...options });
  });
  afterAll(async () => {
    await gateway?.close();
    await graph?.close();
  });
  return {
    get graph() {
      if (!graph) throw new Error('the example graph starts in beforeAll: read it inside a hook or a test');
      return graph;
    },
    get gateway() {
      if (!gateway) throw new Error('the example gateway starts in beforeAll: read it inside a hook or a test');
      return gateway;
    },
  };
}

export const benchQuery = readFileSync(new URL('../fixtures/bench-query.graphql', import.meta.url), 'utf8');
export const benchExpected = JSON.parse(readFileSync(new URL('../fixtures/bench-expected.json', import.meta.url), 'utf8')) as GraphQLBody;
