// `gatehouse start`: serve a supergraph file (or follow a registry) in production, or with no source
// named, the whole demo (the example subgraphs, a registry seeded with the example graph, the gateway).
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  type GatewayConfigInput,
  type LoadedGatewayConfig,
  loadGatewayConfigFile,
  watchConfigFile,
} from '../../config/index.ts';
import { packageFile } from '../../packageRoot.ts';
import type { Gatehouse } from '../../server/index.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import type { Command } from './command.ts';

const DEMO_SUPERGRAPH_CONFIG = packageFile('supergraph.yaml');
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

async function readConfigFile(path: string, given: Partial<GatewayConfigInput>): Promise<LoadedGatewayConfig> {
  try {
    return await loadGatewayConfigFile(path, given);
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
    // The config file may leave out the supergraph the command line names.
    const givenSupergraph = values.supergraph
      ? { file: values.supergraph }
      : values.compose
        ? { compose: values.compose }
        : values.registry
          ? { registry: { url: values.registry } }
          : undefined;
    const given = givenSupergraph ? { supergraph: givenSupergraph } : {};
    const loaded = values.config ? await readConfigFile(values.config, given) : undefined;
    const fileConfig = loaded?.config;
    const demo = !values.supergraph && !values.compose && !values.registry && !fileConfig;
    const port = parsePort(values.port) ?? fileConfig?.server.port ?? parsePort(process.env.PORT) ?? 4000;
    // Like PORT, HOST applies when no config file says where to listen (a config writes `${env.HOST}`).
    const host = values.host ?? (fileConfig ? undefined : process.env.HOST || undefined);
    const workers = parseWorkers(values.workers) ?? fileConfig?.server.workers ?? (demo ? 1 : 'auto');
    const workerCount = workers === 'auto' ? availableParallelism() : workers;
    if (workerCount > 1 && cluster.isPrimary) {
      if (demo) throw new CliError('error: --workers needs --config, --supergraph or --compose (the demo runs in one process)', EXIT_USAGE);
      // The primary only forks and watches: it never loads the gateway itself. A supergraph file it cannot
      // read fails here, at once, rather than in every worker after each has loaded the gateway.
      const supergraphFile = values.supergraph ?? (values.compose || values.registry ? undefined : fileConfig?.supergraph.file);
      if (supergraphFile !== undefined) {
        // Only this light module: the supergraph folder's index brings composition and federation.
        const { readSupergraphFile } = await import('../../supergraph/fileSupergraphSource.ts');
        await readSupergraphFile(supergraphFile).catch((error: Error) => {
          throw new CliError(`error: the gateway could not start: ${error.message}`);
        });
      }
      const { runWorkers, WorkerStartError } = await import('../../server/runWorkers.ts');
      try {
        return await runWorkers({ count: workerCount, report: (line) => io.stderr(line) });
      } catch (error) {
        if (error instanceof WorkerStartError) throw new CliError(error.line);
        throw error;
      }
    }
    try {
      await serve();
    } catch (error) {
      const line =
        error instanceof CliError
          ? error.message
          : error instanceof ConfigError
            ? `error: ${error.message}`
            : `error: the gateway could not start: ${(error as Error).message}`;
      // A worker leaves the printing to the primary, which prints the first worker's reason once.
      if (!cluster.isWorker) throw new CliError(line);
      const { reportWorkerStartFailure } = await import('../../server/runWorkers.ts');
      await reportWorkerStartFailure(line);
      throw new CliError('');
    }

    async function serve(): Promise<void> {
      const demoServices = demo
        ? await (await import('../demo/startDemoServices.ts')).startDemoServices(DEMO_SUPERGRAPH_CONFIG, io)
        : undefined;
      const registryUrl = values.registry ?? demoServices?.registryUrl;
      const registryToken = values.token ?? demoServices?.registryToken ?? (process.env.GATEHOUSE_TOKEN || undefined);

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
      const config = { ...withFlags(loaded?.input), ...demoServices?.gatewayOptions };
      let gateway: Gatehouse;
      try {
        const { createGateway } = await import('../../server/index.ts');
        gateway = await createGateway(config);
        const url = await gateway.listen();
        io.stderr(`gateway            ${url}`);
        io.stderr(`health             ${new URL('/health', url)}  ready ${new URL('/ready', url)}`);
        if (fileConfig) io.stderr(`metrics            ${new URL(fileConfig.telemetry.metrics.path, url)}`);
      } catch (error) {
        await demoServices?.close();
        throw error;
      }

      const configWatcher = values.config
        ? watchConfigFile(
            values.config,
            {
              onChange: async (next) => {
                const { applied, restartRequired } = await gateway.reload(withFlags(next.input));
                gateway.logger.info({ applied, restart_required: restartRequired }, 'config reloaded');
              },
              onError: (error) => gateway.logger.error({ err: error.message }, 'config reload rejected; the running config stays'),
            },
            { given },
          )
        : undefined;

      await new Promise<void>((resolve) => {
        const stop = async (signal: string) => {
          io.stderr(`${signal}: shutting down`);
          configWatcher?.close();
          await gateway.close();
          await demoServices?.close();
          resolve();
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
      });
      // A worker's channel to the primary would keep it alive after its gateway closed.
      if (cluster.isWorker) process.disconnect?.();
    }
  },
};
