// `gatehouse start`: serve a supergraph file (or follow a registry) in production, or with no source
// named, the whole demo (the example subgraphs, a registry seeded with the example graph, the gateway).
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { startDemoIdentity } from '../../../examples/identity/startDemoIdentity.ts';
import examplePermissions from '../../../examples/permissions.ts';
import { startShippingSubgraph } from '../../../examples/shipping/startShippingSubgraph.ts';
import { DEFAULT_EXAMPLE_PORTS, startExampleSubgraphs } from '../../../examples/subgraphs/startExampleSubgraphs.ts';
import {
  ConfigError,
  type GatewayConfigInput,
  type LoadedGatewayConfig,
  loadGatewayConfigFile,
  watchConfigFile,
} from '../../config/index.ts';
import { packageFile } from '../../packageRoot.ts';
import type { RunningRegistry } from '../../registry/index.ts';
import { createGateway } from '../../server/index.ts';
import { runWorkers, WorkerStartError } from '../../server/runWorkers.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import { printRunningRegistry } from '../registry/printRunningRegistry.ts';
import type { Command } from './command.ts';

const DEMO_SUPERGRAPH_CONFIG = packageFile('supergraph.yaml');
const DEMO_REGISTRY_PORT = 4001;
const DEMO_SHIPPING_PORT = 4105;
/** The demo enforces a cost ceiling its annotated graph leaves room under (the benchmark query costs 749), and shows each cost. */
const DEMO_LIMITS = { max_cost: 1000, cost: { expose: true } };
/** Where a gateway following a registry keeps its last good supergraph, to start from when the registry is down. */
const REGISTRY_CACHE_FILE = '.gatehouse/registry-supergraph.graphql';

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`error: port must be 0–65535, got "${value}"`, EXIT_USAGE);
  return port;
}

function parseWorkers(value: string | undefined): number | 'auto' | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto') return 'auto';
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1)
    throw new CliError(`error: --workers must be a number ≥ 1 or "auto", got "${value}"`, EXIT_USAGE);
  return count;
}

async function readConfigFile(path: string): Promise<LoadedGatewayConfig> {
  try {
    return await loadGatewayConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`error: ${error.message}`);
    throw error;
  }
}

export const startCommand: Command = {
  name: 'start',
  usage:
    'gatehouse start [--config gatehouse.yaml] [--supergraph FILE | --compose supergraph.yaml | --registry URL [--token T] [--graph-ref GRAPH@VARIANT]] [--port N] [--host H] [--workers N|auto]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        supergraph: { type: 'string', short: 's' },
        compose: { type: 'string' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        config: { type: 'string', short: 'c' },
        workers: { type: 'string', short: 'w' },
        registry: { type: 'string' },
        token: { type: 'string' },
        'graph-ref': { type: 'string' },
      },
      strict: true,
    });
    if ([values.supergraph, values.compose, values.registry].filter(Boolean).length > 1) {
      throw new CliError('error: use one of --supergraph, --compose or --registry', EXIT_USAGE);
    }
    // A bad config file fails here, in one line, before anything listens (and before workers fork).
    const loaded = values.config ? await readConfigFile(values.config) : undefined;
    const fileConfig = loaded?.config;
    const demo = !values.supergraph && !values.compose && !values.registry && !fileConfig;
    const port = parsePort(values.port) ?? fileConfig?.server.port ?? parsePort(process.env.PORT) ?? 4000;
    // Like PORT, HOST applies when no config file says where to listen (a config writes `${env.HOST}`).
    const host = values.host ?? (fileConfig ? undefined : process.env.HOST || undefined);
    const workers = parseWorkers(values.workers) ?? fileConfig?.server.workers ?? (demo ? 1 : 'auto');
    const workerCount = workers === 'auto' ? availableParallelism() : workers;
    if (workerCount > 1 && cluster.isPrimary) {
      if (demo) throw new CliError('error: --workers needs --config, --supergraph or --compose (the demo runs in one process)', EXIT_USAGE);
      try {
        return await runWorkers({ count: workerCount, report: (line) => io.stderr(line) });
      } catch (error) {
        if (error instanceof WorkerStartError) throw new CliError(`error: ${error.message}`, error.exitCode);
        throw error;
      }
    }

    const examples = demo ? await startExampleSubgraphs({ ports: DEFAULT_EXAMPLE_PORTS }) : undefined;
    if (examples) for (const [name, url] of Object.entries(examples.urls)) io.stderr(`subgraph ${name.padEnd(9)} ${url}`);
    // Not in the graph until the README's tour publishes it to the registry.
    const shipping = demo
      ? await startShippingSubgraph(DEMO_SHIPPING_PORT).catch(async (error: Error) => {
          await examples?.close();
          throw new CliError(`error: the demo's shipping subgraph could not start on port ${DEMO_SHIPPING_PORT}: ${error.message}`);
        })
      : undefined;
    if (shipping) io.stderr(`subgraph shipping  ${shipping.url}  (not published yet)`);
    // The demo trusts its own key (served as a JWKS on 127.0.0.1) and applies examples/permissions.ts.
    const identity = demo ? await startDemoIdentity() : undefined;
    if (identity) io.stderr(`jwks               ${identity.jwksUrl}  (a token: gatehouse token --sub 2)`);
    // The demo's gateway follows a registry seeded with the example graph on its first start; the registry
    // knows the gateway's rules, so a check shows which rule decides each new field.
    let registry: RunningRegistry | undefined;
    if (demo) {
      const { startRegistry } = await import('../../registry/index.ts');
      registry = await startRegistry({
        port: DEMO_REGISTRY_PORT,
        admin_token: process.env.GATEHOUSE_ADMIN_TOKEN || undefined,
        seedFrom: DEMO_SUPERGRAPH_CONFIG,
        permissions: examplePermissions,
      }).catch(async (error: Error) => {
        await examples?.close();
        await shipping?.close();
        await identity?.close();
        throw new CliError(`error: the demo registry could not start on port ${DEMO_REGISTRY_PORT}: ${error.message}`);
      });
      printRunningRegistry(registry, io, 'supergraph.yaml');
    }
    const registryUrl = values.registry ?? registry?.url;
    const registryToken = values.token ?? registry?.adminToken ?? (process.env.GATEHOUSE_TOKEN || undefined);

    // Flags override the config file.
    const withFlags = (base: GatewayConfigInput | undefined): GatewayConfigInput => ({
      ...base,
      server: { ...base?.server, port, ...(host ? { host } : {}) },
      supergraph: values.supergraph
        ? { file: values.supergraph }
        : registryUrl
          ? {
              registry: {
                url: registryUrl,
                token: registryToken,
                ...(values['graph-ref'] ? { graph_ref: values['graph-ref'] } : {}),
                cache_file: REGISTRY_CACHE_FILE,
                ...(demo ? { poll_interval: 2_000 } : {}),
              },
            }
          : values.compose || !base
            ? { compose: values.compose ?? DEMO_SUPERGRAPH_CONFIG }
            : base.supergraph,
    });
    const demoGraphiql = {
      enabled: true,
      token_help: 'A demo token for user 2: npx gatehouse token --sub 2 (more flags: --scope, --role).',
    };
    // The demo explains every answer to anyone who asks (the header gatehouse-explain: 1).
    const demoExplain = { allow: { anyone: true } };
    const config = {
      ...withFlags(loaded?.input),
      ...identity?.config,
      ...(demo ? { graphiql: demoGraphiql, limits: DEMO_LIMITS, explain: demoExplain } : {}),
    };
    let gateway: Awaited<ReturnType<typeof createGateway>>;
    try {
      gateway = await createGateway(config);
      const url = await gateway.listen();
      io.stderr(`gateway            ${url}`);
      io.stderr(`health             ${new URL('/health', url)}  ready ${new URL('/ready', url)}`);
      if (fileConfig) io.stderr(`metrics            ${new URL(fileConfig.telemetry.metrics.path, url)}`);
    } catch (error) {
      await examples?.close();
      await shipping?.close();
      await identity?.close();
      await registry?.close();
      if (error instanceof ConfigError) throw new CliError(`error: ${error.message}`);
      throw new CliError(`error: the gateway could not start: ${(error as Error).message}`);
    }

    const configWatcher = values.config
      ? watchConfigFile(values.config, {
          onChange: async (next) => {
            const { applied, restartRequired } = await gateway.reload(withFlags(next.input));
            gateway.logger.info({ applied, restart_required: restartRequired }, 'config reloaded');
          },
          onError: (error) => gateway.logger.error({ err: error.message }, 'config reload rejected; the running config stays'),
        })
      : undefined;

    await new Promise<void>((resolve) => {
      const stop = async (signal: string) => {
        io.stderr(`${signal}: shutting down`);
        configWatcher?.close();
        await gateway.close();
        await examples?.close();
        await shipping?.close();
        await identity?.close();
        await registry?.close();
        resolve();
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
    // A worker's channel to the primary would keep it alive after its gateway closed.
    if (cluster.isWorker) process.disconnect?.();
  },
};
