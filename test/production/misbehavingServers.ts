// Test fixture: small servers on 127.0.0.1 that play a subgraph badly on purpose.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server, type Socket } from 'node:net';

export interface MisbehavingServer {
  url: string;
  /** Requests (HTTP) or connections (TCP) it received. */
  readonly hits: number;
  close(): Promise<void>;
}

async function listening(server: Server, count: () => number, sockets: Set<Socket>): Promise<MisbehavingServer> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get hits() {
      return count();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server answering every request with `respond` (after reading the body). */
export async function startHttpSubgraph(
  respond: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<MisbehavingServer> {
  let hits = 0;
  const server = createHttpServer((request, response) => {
    hits++;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => respond(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  return listening(server, () => hits, new Set());
}

/** Reads the request, then cuts the connection without answering: the request was sent, so it must not be retried. */
export async function startResettingServer(): Promise<MisbehavingServer> {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    socket.once('data', () => socket.resetAndDestroy());
  });
  return listening(server, () => connections, new Set());
}

export const hang = (): void => {};

export const answerWith =
  (status: number, contentType: string, body: string) =>
  (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(status, { 'content-type': contentType }).end(body);
  };
