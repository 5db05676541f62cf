// Bodies over the body limit get the documented 413 whatever the client does. A client that sends its body
// at once gets fastify's 413 (with `connection: close`; Node reads and drops what is still coming, so the
// answer is not lost to a reset: measured with Node's fetch, a chunked body and a client sending slowly). A
// client that waits for `100 Continue` (curl, for a large body) would be told to go on and then cut off: it is
// refused here by its content-length before the body is sent.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** Refuses `Expect: 100-continue` requests over `bodyLimit` before their body is sent; `refusal()` is the 413's JSON body. */
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
    // Node sends `100 Continue`, then the request runs as usual.
    response.writeContinue();
    server.emit('request', request, response);
  });
}
