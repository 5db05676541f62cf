// Serves the four example subgraphs over HTTP (and their subscriptions over graphql-ws and graphql-sse
// at the same path), each on its own port, for the demo, tests and benchmarks. Each accepts batches as Apollo
// Server's allowBatchedHttpRequests does: a JSON array of operations in, a JSON array of their answers
// out, in order (the gateway's `subgraphs.*.batching` sends those).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import { createHandler, type Handler } from 'graphql-http';
import { createHandler as createSseHandler } from 'graphql-sse/lib/use/http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { listenError } from '../../src/errors/index.ts';
import { createExampleData } from './data.ts';
import { buildExampleSubgraphSchema, EXAMPLE_SUBGRAPH_NAMES, type ExampleContext, type ExampleSubgraphName } from './schemas.ts';

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
  /** Stops one subgraph (its WebSocket clients see 1001 Going Away) and starts it again on the same port, with its data. */
  restart(name: ExampleSubgraphName): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_EXAMPLE_PORTS: Record<ExampleSubgraphName, number> = {
  accounts: 4101,
  products: 4102,
  reviews: 4103,
  inventory: 4104,
};

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(listenError(error, { host, port }, "the example subgraphs' ports"));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

interface ExampleServer {
  server: Server;
  /** Closes its WebSocket connections with 1001 Going Away. */
  disposeSockets(): Promise<void>;
}

function serveSubgraph(name: ExampleSubgraphName, schema: GraphQLSchema, options: StartExampleSubgraphsOptions): ExampleServer {
  const record = (query: string, variables: Record<string, unknown> | null | undefined, headers: ReceivedOperation['headers']): void => {
    options.onOperation?.(name, { query, variables: variables ?? undefined, headers });
  };
  const handler: GraphqlHandler = createHandler<IncomingMessage, undefined, ExampleContext>({
    schema,
    // Who is asking, when the gateway says so (the demo's header rule sends the token's subject).
    context: (request): ExampleContext => ({ userId: headerValue(request.raw.headers['x-user-id']) }),
    onSubscribe: options.onOperation
      ? (request, params) => record(params.query, params.variables, request.raw.headers as ReceivedOperation['headers'])
      : undefined,
  });
  const delayMs = options.delayMs ?? 0;
  const serve = (request: IncomingMessage, response: ServerResponse) =>
    void answer(handler, request, response, (batchSize) => options.onRequest?.(name, batchSize)).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  // Subscriptions over Server-Sent Events (graphql-sse, distinct connections), for gateways set to `protocol: graphql-sse`.
  const sse = createSseHandler({
    schema,
    onSubscribe: options.onOperation
      ? (request, params) => record(params.query as string, params.variables, request.raw.headers as ReceivedOperation['headers'])
      : undefined,
  });
  const server = createServer((request, response) => {
    if (!request.url?.startsWith('/graphql')) return void response.writeHead(404).end();
    if (request.headers.accept?.includes('text/event-stream')) {
      return void sse(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    }
    if (delayMs > 0) return void setTimeout(() => serve(request, response), delayMs);
    return serve(request, response);
  });
  server.keepAliveTimeout = 60_000;
  // Not attached to `server`: ws would re-emit the server's listen errors, which graphql-ws prints with a
  // stack; a port in use is reported once, by listen().
  const sockets = new WebSocketServer({ noServer: true, path: '/graphql' });
  server.on('upgrade', (request, socket, head) => {
    if (!sockets.shouldHandle(request)) return void socket.destroy();
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  const graphqlWs = useServer(
    {
      schema,
      onSubscribe: options.onOperation
        ? (context, _id, payload) => record(payload.query, payload.variables, context.extra.request.headers)
        : undefined,
    },
    sockets,
  );
  return {
    server,
    async disposeSockets() {
      await graphqlWs.dispose();
    },
  };
}

export async function startExampleSubgraphs(options: StartExampleSubgraphsOptions = {}): Promise<RunningExampleSubgraphs> {
  const host = options.host ?? '127.0.0.1';
  const data = createExampleData();
  const schemas = new Map(EXAMPLE_SUBGRAPH_NAMES.map((name) => [name, buildExampleSubgraphSchema(name, data)]));
  const running = new Map<ExampleSubgraphName, ExampleServer>();
  const ports = {} as Record<ExampleSubgraphName, number>;
  const urls = {} as Record<ExampleSubgraphName, string>;
  const start = async (name: ExampleSubgraphName, port: number) => {
    const served = serveSubgraph(name, schemas.get(name) as GraphQLSchema, options);
    running.set(name, served);
    ports[name] = await listen(served.server, port, host);
    urls[name] = `http://${host}:${ports[name]}/graphql`;
  };
  const stop = async (name: ExampleSubgraphName) => {
    const served = running.get(name);
    running.delete(name);
    if (!served) return;
    await served.disposeSockets();
    await closeServer(served.server);
  };
  const closeAll = () => Promise.all([...running.keys()].map((name) => stop(name))).then(() => undefined);
  try {
    for (const name of EXAMPLE_SUBGRAPH_NAMES) await start(name, options.ports?.[name] ?? 0);
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    urls,
    async restart(name) {
      await stop(name);
      await start(name, ports[name]);
    },
    close: closeAll,
  };
}

type GraphqlHandler = Handler<IncomingMessage, undefined>;

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

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

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
