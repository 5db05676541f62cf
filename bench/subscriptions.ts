// Subscriptions benchmark: Gatehouse (one worker, its own process) with 1,000 subscriptions open over 10
// WebSockets, each selecting fields of all four example subgraphs; a run of mutations on the reviews
// subgraph fires events. Reports events delivered per second, the gateway's CPU per event, and its
// memory per open subscription. `npm run bench:subscriptions` (writes bench/results/subscriptions.json).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { stringify } from 'yaml';
import { startBenchSubgraphs } from './benchGraph.ts';
import { startBenchProcess } from './benchProcess.ts';
import { loadAverage, runConditions } from './report.ts';

const CONNECTIONS = 10;
const PER_CONNECTION = 100;
const SUBSCRIPTIONS = CONNECTIONS * PER_CONNECTION;
const MUTATIONS = 20;
const SUBSCRIPTION = 'subscription { reviewAdded { id body author { name username } product { name price inStock shippingEstimate } } }';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

async function rssMb(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const loadBefore = loadAverage();
const directory = await mkdtemp(join(tmpdir(), 'gatehouse-bench-subscriptions-'));
const subgraphs = await startBenchSubgraphs(directory);
const configPath = join(directory, 'gatehouse.yaml');
await writeFile(
  configPath,
  stringify({
    supergraph: { file: subgraphs.supergraphFile, watch: false },
    server: { host: '127.0.0.1', port: 0 },
    log_level: 'warn',
    subscriptions: { max_per_connection: PER_CONNECTION, max_per_principal: SUBSCRIPTIONS },
  }),
);
const gateway = await startBenchProcess<{ url: string }>('gatehouse', here('servers/gatehouse.ts'), ['--config', configPath]);
const clients: ReturnType<typeof createClient>[] = [];
try {
  const url = gateway.ready.url;
  let received = 0;
  for (let index = 0; index < CONNECTIONS; index++) {
    clients.push(createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false }));
  }
  // Warm up: one subscription and one event, so planning and connections are not counted.
  const warm = clients[0]?.subscribe(
    { query: SUBSCRIPTION },
    { next: () => received++, error: () => undefined, complete: () => undefined },
  );
  const mutate = () =>
    fetch(subgraphs.server.ready.urls.reviews, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { addReview(upc: "1", body: "Bench") { id } }' }),
    });
  const openAtGateway = async () => {
    const text = await (await fetch(new URL('/metrics', url))).text();
    return Number(/^gatehouse_subscriptions_active\{transport="websocket"\} (\d+)$/m.exec(text)?.[1] ?? 0);
  };
  await until(async () => (await openAtGateway()) >= 1, 'the warm-up subscription');
  await mutate();
  await until(() => received >= 1, 'the warm-up event');
  warm?.();
  received = 0;

  const rssBefore = await rssMb(gateway.child.pid);
  for (const client of clients) {
    for (let index = 0; index < PER_CONNECTION; index++) {
      client.subscribe({ query: SUBSCRIPTION }, { next: () => received++, error: () => undefined, complete: () => undefined });
    }
  }
  await until(async () => (await openAtGateway()) >= SUBSCRIPTIONS, `${SUBSCRIPTIONS} open subscriptions`);
  const rssAfter = await rssMb(gateway.child.pid);

  const cpuBefore = await gateway.cpuSeconds();
  const started = performance.now();
  for (let index = 0; index < MUTATIONS; index++) await mutate();
  await until(() => received >= SUBSCRIPTIONS * MUTATIONS, `${SUBSCRIPTIONS * MUTATIONS} events`);
  const seconds = (performance.now() - started) / 1000;
  const cpu = ((await gateway.cpuSeconds()) ?? 0) - (cpuBefore ?? 0);

  const report = runConditions(loadBefore, {
    subscriptions: SUBSCRIPTIONS,
    connections: CONNECTIONS,
    events: SUBSCRIPTIONS * MUTATIONS,
    events_per_second: Math.round((SUBSCRIPTIONS * MUTATIONS) / seconds),
    gateway_cpu_us_per_event: Math.round((cpu * 1e6) / (SUBSCRIPTIONS * MUTATIONS)),
    memory_kb_per_subscription: Math.round(((rssAfter - rssBefore) * 1024) / SUBSCRIPTIONS),
    gateway_rss_mb: { before: Math.round(rssBefore), with_subscriptions: Math.round(rssAfter) },
  });
  await writeFile(here('results/subscriptions.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
} finally {
  await Promise.all(clients.map((client) => client.dispose()));
  await gateway.stop();
  await subgraphs.server.stop();
  await rm(directory, { recursive: true, force: true });
}
