// Serves the four example subgraphs over HTTP, each on its own port, for the demo, tests and benchmarks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandler } from 'graphql-http/lib/use/http';
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
      const handler = createHandler({
        schema: buildExampleSubgraphSchema(name, data),
        onSubscribe: options.onOperation
          ? (request, params) => {
              options.onOperation?.(name, {
                query: params.query,
                variables: params.variables ?? undefined,
                headers: request.headers as ReceivedOperation['headers'],
              });
            }
          : undefined,
      });
      const delayMs = options.delayMs ?? 0;
      const server = createServer((request, response) => {
        if (!request.url?.startsWith('/graphql')) return void response.writeHead(404).end();
        if (delayMs > 0) return void setTimeout(() => handler(request, response), delayMs);
        return handler(request, response);
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

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
