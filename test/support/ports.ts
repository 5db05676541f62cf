// Ports for tests that need a place where nothing listens.
import { createServer } from 'node:net';

/** A port that was free a moment ago and is closed now: connecting to it is refused. */
export function findClosedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
