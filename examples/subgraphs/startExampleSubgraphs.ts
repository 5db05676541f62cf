// Serves the four example subgraphs over HTTP, each on its own port, for the demo, tests and benchmarks.
// Each accepts batches as Apollo Server's allowBatchedHttpRequests does: a JSON array of operations in,
// a JSON array of their answers out, in order (the gateway's `subgraphs.*.batching` sends those).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandler, type Handler } from 'graphql-http';
import { createExampleData } from './data.ts';
import { buildExampleSubgraphSchema, EXAMPLE_SUBGRAPH_NAMES, type ExampleSubgraphName } from './schemas.ts';

export interface ReceivedOperation {
  query: string;
  variables: Record<string, unknown> | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export interface StartExampleSubgraphsOptions {
  host?: string;
  /** A port per subgraph; 0 or absent picks a free one. */
  ports?: Partial<Record<ExampleSubgraphName, number>>;
  /** Called with every operation a subgraph receives (tests assert on what reached a subgraph). */
  onOperation?: (subgraph: ExampleSubgraphName, operation: ReceivedOperation) => void;
  /** Called with every HTTP request a subgraph receives (a batch of operations is one request). */
  onRequest?: (subgraph: ExampleSubgraphName, batchSize: number | undefined) => void;
  /** Delays every answer (ms): a slow backend, for timeout, shutdown and hot-reload tests. */
  delayMs?: number;
}

export interface RunningExampleSubgraphs {
  urls: Record<ExampleSubgraphName, string>;
  close(): Promise<void>;
}

export const DEFAULT_EXAMPLE_PORTS: Record<ExampleSubgraphName, number> = {
  accounts: 4101,
  products: 4102,
  reviews: 4103,
  inventory: 4104,
};

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startExampleSubgraphs(options: StartExampleSubgraphsOptions = {}): Promise<RunningExampleSubgraphs> {
  const host = options.host ?? '127.0.0.1';
  const data = createExampleData();
  const servers: Server[] = [];
  const urls = {} as Record<ExampleSubgraphName, string>;
  try {
    for (const name of EXAMPLE_SUBGRAPH_NAMES) {
      const handler: GraphqlHandler = createHandler<IncomingMessage, undefined>({
        schema: buildExampleSubgraphSchema(name, data),
        onSubscribe: options.onOperation
          ? (request, params) => {
              options.onOperation?.(name, {
                query: params.query,
                variables: params.variables ?? undefined,
                headers: request.raw.headers as ReceivedOperation['headers'],
              });
            }
          : undefined,
      });
      const delayMs = options.delayMs ?? 0;
      const serve = (request: IncomingMessage, response: ServerResponse) =>
        void answer(handler, request, response, (batchSize) => options.onRequest?.(name, batchSize)).catch(() => {
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
      const server = createServer((request, response) => {
        if (!request.url?.startsWith('/graphql')) return void response.writeHead(404).end();
        if (delayMs > 0) return void setTimeout(() => serve(request, response), delayMs);
        return serve(request, response);
      });
      server.keepAliveTimeout = 60_000;
      servers.push(server);
      const port = await listen(server, options.ports?.[name] ?? 0, host);
      urls[name] = `http://${host}:${port}/graphql`;
    }
  } catch (error) {
    await Promise.all(servers.map((server) => closeServer(server)));
    throw error;
  }
  return { urls, close: () => Promise.all(servers.map((server) => closeServer(server))).then(() => undefined) };
}

type GraphqlHandler = Handler<IncomingMessage, undefined>;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

/** One operation as graphql-http's request (its body a string, or one parsed element of a batch). */
function operationRequest(request: IncomingMessage, body: string | Record<string, unknown> | null) {
  return {
    method: request.method ?? 'GET',
    url: request.url ?? '/graphql',
    headers: request.headers as Record<string, string>,
    body,
    raw: request,
    context: undefined,
  };
}

async function answer(
  handler: GraphqlHandler,
  request: IncomingMessage,
  response: ServerResponse,
  onRequest: (batchSize: number | undefined) => void,
): Promise<void> {
  const body = request.method === 'POST' ? await readBody(request) : null;
  const batch = body?.trimStart().startsWith('[') ? (JSON.parse(body) as unknown[]) : undefined;
  onRequest(batch?.length);
  if (batch) {
    const answers = await Promise.all(
      batch.map(async (operation) => {
        const [answerBody] = await handler(operationRequest(request, operation as Record<string, unknown>));
        return answerBody ?? 'null';
      }),
    );
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(`[${answers.join(',')}]`);
    return;
  }
  const [answerBody, init] = await handler(operationRequest(request, body));
  response.writeHead(init.status, init.statusText, init.headers).end(answerBody);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
