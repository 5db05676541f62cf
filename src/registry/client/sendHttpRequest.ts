// One HTTP(S) request with node:http, for the registry client. Not the global fetch: its first call loads
// Node's bundled undici (about 25 ms), a quarter of what a `gatehouse subgraph list` spends in JavaScript.
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
}

/** Rejects with the socket's error (its `code`, e.g. ECONNREFUSED), or an error saying no answer came in time. */
export async function sendHttpRequest(url: URL, request: HttpRequest): Promise<HttpAnswer> {
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      { method: request.method, headers: request.headers, signal: AbortSignal.timeout(request.timeoutMs) },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 0, headers: answer.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        answer.on('error', reject);
      },
    );
    outgoing.on('error', (error) => reject(error.name === 'AbortError' ? new Error(`no answer within ${request.timeoutMs} ms`) : error));
    outgoing.end(request.body);
  });
}
