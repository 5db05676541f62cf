// Graceful shutdown of the HTTP server: /ready turns 503 first (the caller flips it), requests keep
// being served for `delayMs` so load balancers notice, then no new connections are accepted and
// in-flight requests get up to `timeoutMs` to finish before their connections are cut.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

export interface GracefulCloseOptions {
  delayMs: number;
  timeoutMs: number;
}

export async function closeGracefully(http: FastifyInstance, options: GracefulCloseOptions): Promise<void> {
  if (options.delayMs > 0 && http.server.listening) await sleep(options.delayMs);
  const deadline = setTimeout(() => http.server.closeAllConnections(), options.timeoutMs);
  // Node closes idle keep-alive connections once, when closing starts; those busy then become idle
  // after their last response and would otherwise hold the close until the deadline.
  const sweep = setInterval(() => http.server.closeIdleConnections(), 50);
  try {
    await http.close();
  } finally {
    clearTimeout(deadline);
    clearInterval(sweep);
  }
}
