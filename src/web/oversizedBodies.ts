// Bodies over the body limit get the documented 413 whatever the client does. Fastify refuses them before
// reading a byte; answering then and closing would reset the connection under a client still sending (Node's
// fetch, most HTTP libraries), which sees a broken pipe instead of the answer.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** How much of a refused body is read and thrown away so the client can read the answer; past it, the connection is cut. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;
const DISCARD_TIMEOUT_MS = 10_000;

/**
 * Reads what is left of a request's body into nothing, up to a bound, so the answer that follows reaches the client.
 * Resolves when the body ended, or when the bound or the time ran out (the caller then answers and closes).
 */
export function discardRequestBody(request: IncomingMessage): Promise<void> {
  if (request.complete || request.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    const finish = () => {
      clearTimeout(timer);
      request.off('data', count);
      request.off('end', finish);
      request.off('error', finish);
      request.off('close', finish);
      request.pause();
      resolve();
    };
    const count = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DISCARD_LIMIT_BYTES) finish();
    };
    const timer = setTimeout(finish, DISCARD_TIMEOUT_MS);
    request.on('data', count);
    request.once('end', finish);
    request.once('error', finish);
    request.once('close', finish);
    request.resume();
  });
}

/**
 * `Expect: 100-continue` requests are refused by their content-length before the body is sent: the client gets
 * the 413 instead of `100 Continue`. Others go on as usual (Node sends `100 Continue`, then the request runs).
 */
export function refuseOversizedBeforeContinue(app: FastifyInstance, bodyLimit: number, refusal: () => unknown): void {
  const server = app.server as Server;
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    const length = Number(request.headers['content-length']);
    if (Number.isFinite(length) && length > bodyLimit) {
      const body = JSON.stringify(refusal());
      response.writeHead(413, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      });
      response.end(body);
      return;
    }
    response.writeContinue();
    server.emit('request', request, response);
  });
}
