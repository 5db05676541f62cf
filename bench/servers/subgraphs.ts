// Benchmark process: the four example subgraphs, each on a free port of 127.0.0.1, and a counter of the
// HTTP requests and operations they received (GET statsUrl), so the runner reports subgraph round trips.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startExampleSubgraphs } from '../../examples/subgraphs/startExampleSubgraphs.ts';
import { announce } from './announce.ts';

const received = { requests: 0, operations: 0 };
const subgraphs = await startExampleSubgraphs({
  onRequest: (_subgraph, batchSize) => {
    received.requests += 1;
    received.operations += batchSize ?? 1;
  },
});
const stats = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
});
await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', resolve));
announce({ urls: subgraphs.urls, statsUrl: `http://127.0.0.1:${(stats.address() as AddressInfo).port}/` });
process.once('SIGTERM', () => {
  stats.close();
  void subgraphs.close().then(() => process.exit(0));
});
