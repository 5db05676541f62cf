// `npm run test:deploy`: the image run as the Kubernetes manifests run it — two registry containers on
// one PostgreSQL, two gateway containers following them with the ConfigMap's gatehouse.yaml and budgets
// in the machine's Redis, the example subgraphs on the host — and what a team relies on across them.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { EXAMPLE_SUBGRAPH_NAMES, readExampleSdl } from '../../examples/subgraphs/schemas.ts';
import { withComputedShippingEstimates } from '../../examples/subgraphs/shippingEstimate.ts';
import { type RunningExampleSubgraphs, startExampleSubgraphs } from '../../examples/subgraphs/startExampleSubgraphs.ts';
import { RegistryClient } from '../../src/registry/client/index.ts';
import { greetingsV1, greetingsV2, startGreetingsSubgraph } from '../registry/support/greetingsSubgraph.ts';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../registry/support/postgresTestDatabase.ts';
import { benchExpected, benchQuery } from '../support/exampleGraph.ts';
import { findClosedPort } from '../support/ports.ts';
import { waitFor } from '../support/waitFor.ts';
import { containerEnvironment, findManifest, gatewayConfigText, onlyContainer, readManifests } from './support/kubernetesManifests.ts';
import { Containers } from './support/podman.ts';

const IMAGE = process.env.IMAGE ?? 'localhost/gatehouse:dev';
const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = randomBytes(4).toString('hex');
const KEY_PREFIX = `gatehouse-test-deploy:${RUN}`;
/** podman stop's grace: above the pod's drain (shutdown_delay + shutdown_timeout), so only a hung process is killed. */
const STOP_GRACE_SECONDS = 40;

/** A new TCP connection per request, so a stopped gateway shows as a refused connection, never as a dead keep-alive socket. */
const freshConnections = new Agent({ pipelining: 0 });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { data?: Record<string, unknown> | null; errors?: unknown[] };
}

async function post(url: string, query: string): Promise<Answer> {
  const response = await request(url, {
    method: 'POST',
    dispatcher: freshConnections,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    headersTimeout: 20_000,
    bodyTimeout: 20_000,
  });
  return { status: response.statusCode, headers: response.headers, body: (await response.body.json()) as Answer['body'] };
}

async function answers(url: string, query: string): Promise<Answer | undefined> {
  return post(url, query).catch(() => undefined);
}

const refused = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';

describe('the image in a multi-instance topology', () => {
  const containers = new Containers(RUN);
  let directory: string;
  let database: PostgresTestDatabase;
  let subgraphs: RunningExampleSubgraphs;
  let greetings: Awaited<ReturnType<typeof startGreetingsSubgraph>>;
  const adminToken = randomBytes(24).toString('hex');
  const registries: { name: string; url: string }[] = [];
  const gateways: { name: string; url: string }[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gatehouse-test-deploy-'));
    [database, subgraphs, greetings] = await Promise.all([createPostgresTestDatabase(), startExampleSubgraphs(), startGreetingsSubgraph()]);
    const manifests = readManifests();

    // Registries as the Deployment runs them (its flags and environment names), on ports of their own here.
    const registryContainer = onlyContainer(findManifest(manifests, 'Deployment', 'gatehouse-registry'));
    const registryEnvironment = containerEnvironment(registryContainer, manifests);
    expect(Object.keys(registryEnvironment).sort()).toEqual(['DATABASE_URL', 'GATEHOUSE_ADMIN_TOKEN', 'NODE_ENV']);
    const registryArgs = (registryContainer.args ?? []).filter((arg, index, args) => arg !== '--port' && args[index - 1] !== '--port');
    for (const instance of ['registry-a', 'registry-b']) {
      const port = await findClosedPort();
      const name = await containers.start({
        name: instance,
        image: IMAGE,
        args: registryArgs,
        env: {
          ...registryEnvironment,
          DATABASE_URL: database.url,
          GATEHOUSE_ADMIN_TOKEN: adminToken,
          HOST: '127.0.0.1',
          PORT: String(port),
        },
      });
      registries.push({ name, url: `http://127.0.0.1:${port}` });
    }
    for (const registry of registries) {
      await waitFor(
        () =>
          fetch(`${registry.url}/health`).then(
            (response) => response.ok,
            () => false,
          ),
        {
          timeoutMs: 120_000,
          intervalMs: 250,
          what: `${registry.name} /health`,
        },
      );
    }

    // The example graph, published through the first registry; gateways read with a read-only token.
    const admin = new RegistryClient({ url: registries[0]?.url ?? '', token: adminToken });
    for (const name of EXAMPLE_SUBGRAPH_NAMES) {
      await admin.publishSubgraph(name, { schema: readExampleSdl(name), routingUrl: subgraphs.urls[name] });
    }
    const { token: readToken } = await admin.createToken({ name: 'gateways', role: 'readonly' });

    // Gateways with the ConfigMap's gatehouse.yaml; the test polls faster, turns a budget on and keeps its Redis keys apart.
    const config = parseDocument(gatewayConfigText(manifests));
    config.setIn(['supergraph', 'registry', 'poll_interval'], '500ms');
    config.setIn(['limits', 'rate', 'budget'], 100_000_000);
    config.setIn(['limits', 'rate', 'key_prefix'], KEY_PREFIX);
    const configFile = join(directory, 'gatehouse.yaml');
    await writeFile(configFile, config.toString());
    const gatewayContainer = onlyContainer(findManifest(manifests, 'Deployment', 'gatehouse-gateway'));
    const gatewayEnvironment = containerEnvironment(gatewayContainer, manifests);
    const configPath = gatewayContainer.args?.[gatewayContainer.args.indexOf('--config') + 1] ?? '';
    for (const [index, registry] of registries.entries()) {
      const port = await findClosedPort();
      const name = await containers.start({
        name: `gateway-${index + 1}`,
        image: IMAGE,
        env: {
          ...gatewayEnvironment,
          GATEHOUSE_REGISTRY_URL: registry.url,
          GATEHOUSE_REGISTRY_TOKEN: readToken,
          REDIS_URL,
          HOST: '127.0.0.1',
          PORT: String(port),
        },
        files: { [configFile]: configPath },
      });
      gateways.push({ name, url: `http://127.0.0.1:${port}/graphql` });
    }
    for (const gateway of gateways) {
      await waitFor(
        () =>
          fetch(new URL('/ready', gateway.url)).then(
            (response) => response.ok,
            () => false,
          ),
        {
          timeoutMs: 120_000,
          intervalMs: 250,
          what: `${gateway.name} /ready`,
        },
      );
    }
  }, 300_000);

  afterAll(async () => {
    const logsDirectory = join('.gatehouse', 'test-deploy', RUN);
    await mkdir(logsDirectory, { recursive: true });
    for (const name of await containers.names().catch(() => [])) {
      await writeFile(join(logsDirectory, `${name}.log`), await containers.logs(name));
    }
    await containers.removeAll();
    await freshConnections.close();
    await Promise.all([subgraphs?.close(), greetings?.close(), database?.drop()]);
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const keys = await redis.keys(`${KEY_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await rm(directory, { recursive: true, force: true });
  }, 180_000);

  it('both gateways answer the benchmark query exactly, and every container passes the image HEALTHCHECK', async () => {
    for (const gateway of gateways) {
      const answer = await post(gateway.url, benchQuery);
      expect(answer.status, gateway.name).toBe(200);
      expect(answer.body, gateway.name).toEqual(withComputedShippingEstimates(benchExpected));
    }
    // The check starts a node process; on a loaded machine one run may miss its timeout.
    for (const { name } of [...registries, ...gateways]) {
      expect(await waitFor(() => containers.healthy(name), { timeoutMs: 60_000, intervalMs: 1_000, what: `${name} healthy` })).toBe(true);
    }
  });

  it('a publish through one registry instance reaches both gateways', async () => {
    const admin = new RegistryClient({ url: registries[0]?.url ?? '', token: adminToken });
    await admin.publishSubgraph('greetings', { schema: greetingsV1, routingUrl: greetings.url });
    for (const gateway of gateways) {
      const answer = await waitFor(
        async () => {
          const candidate = await answers(gateway.url, '{ greeting }');
          return candidate?.body.data?.greeting === 'hello' ? candidate : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: `${gateway.name} to serve greeting` },
      );
      expect(answer.status).toBe(200);
    }
  });

  it('a budget spent through one gateway is spent for the other (Redis)', async () => {
    const remaining = async (url: string) => Number((await post(url, '{ topProducts(first: 1) { name } }')).headers['ratelimit-remaining']);
    const [first, second] = gateways.map((gateway) => gateway.url) as [string, string];
    const afterFirst = await remaining(first);
    const afterSecond = await remaining(second);
    const afterFirstAgain = await remaining(first);
    const cost = afterSecond - afterFirstAgain;
    expect(cost).toBeGreaterThan(0);
    // Each request's charge shows in the next one's remaining budget, whichever gateway served either.
    expect(afterFirst - afterSecond).toBe(cost);
  });

  it('stopping a gateway mid-load loses no request the other could serve, and it shuts down gracefully', async () => {
    const expected = withComputedShippingEstimates(benchExpected);
    const [stopping, staying] = gateways as [{ name: string; url: string }, { name: string; url: string }];
    let sent = 0;
    let retried = 0;
    const failures: string[] = [];
    let stopped: Promise<number> | undefined;
    let stoppedAt = Number.POSITIVE_INFINITY;
    const deadline = Date.now() + 150_000;

    // A client that spreads requests over both and, on a refused connection, retries on the other.
    const client = async () => {
      while (Date.now() < deadline && sent < stoppedAt + 40) {
        const first = sent++ % 2 === 0 ? stopping : staying;
        const second = first === stopping ? staying : stopping;
        let answer: Answer;
        try {
          answer = await post(first.url, benchQuery).catch(async (error: unknown) => {
            if (!refused(error)) throw error;
            retried++;
            return post(second.url, benchQuery);
          });
        } catch (error) {
          failures.push(`${first.name}: ${(error as Error).message}`);
          continue;
        }
        if (answer.status !== 200 || JSON.stringify(answer.body) !== JSON.stringify(expected)) {
          failures.push(`${first.name}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
        if (!stopped && sent >= 30) {
          const started = Date.now();
          stopped = containers.stop(stopping.name, STOP_GRACE_SECONDS).then(() => {
            stoppedAt = sent;
            return (Date.now() - started) / 1000;
          });
        }
      }
    };
    await Promise.all([client(), client(), client(), client()]);

    expect(failures).toEqual([]);
    const stopSeconds = await stopped;
    expect(stoppedAt, 'the load went on past the stop').toBeLessThan(sent);
    expect(retried, 'requests met the stopped gateway refusing').toBeGreaterThan(0);
    // Graceful: it exited by itself, with 0, before podman's grace ran out, after saying so.
    expect(stopSeconds).toBeLessThan(STOP_GRACE_SECONDS);
    expect(await containers.exitCode(stopping.name)).toBe(0);
    expect(await containers.logs(stopping.name)).toContain('SIGTERM: shutting down');
  }, 200_000);

  it('stopping one registry instance leaves the other serving publishes', async () => {
    const [stopping, staying] = registries as [{ name: string; url: string }, { name: string; url: string }];
    await containers.stop(stopping.name, STOP_GRACE_SECONDS);
    expect(await containers.exitCode(stopping.name)).toBe(0);
    const admin = new RegistryClient({ url: staying.url, token: adminToken });
    const published = await admin.publishSubgraph('greetings', { schema: greetingsV2, routingUrl: greetings.url });
    expect(published).toMatchObject({ status: 'published', supergraphChanged: true });
    // The gateway that follows the remaining instance serves the new field.
    const following = gateways[1]?.url ?? '';
    const answer = await waitFor(
      async () => {
        const candidate = await answers(following, '{ farewell }');
        return candidate?.body.data?.farewell === 'goodbye' ? candidate : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the gateway to serve farewell' },
    );
    expect(answer.status).toBe(200);
  }, 120_000);
});
