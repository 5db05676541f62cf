// `gatehouse start`: serve a supergraph file in production, or with no source named, the whole demo
// (the example subgraphs and the composed example graph).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_EXAMPLE_PORTS, startExampleSubgraphs } from '../../../examples/subgraphs/startExampleSubgraphs.ts';
import { ConfigError, type GatewayConfigInput } from '../../config/index.ts';
import { createGateway } from '../../server/index.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import type { Command } from './command.ts';

const DEMO_SUPERGRAPH_CONFIG = fileURLToPath(new URL('../../../supergraph.yaml', import.meta.url));

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`error: port must be 0–65535, got "${value}"`, EXIT_USAGE);
  return port;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the gateway (with no supergraph named: the demo graph and its subgraphs)',
  usage: 'gatehouse start [--supergraph FILE | --compose supergraph.yaml] [--port N] [--host H]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        supergraph: { type: 'string', short: 's' },
        compose: { type: 'string' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
      },
      strict: true,
    });
    if (values.supergraph && values.compose) throw new CliError('error: use either --supergraph or --compose, not both', EXIT_USAGE);
    const demo = !values.supergraph && !values.compose;
    const port = parsePort(values.port) ?? parsePort(process.env.PORT) ?? 4000;

    const examples = demo ? await startExampleSubgraphs({ ports: DEFAULT_EXAMPLE_PORTS }) : undefined;
    if (examples) for (const [name, url] of Object.entries(examples.urls)) io.stderr(`subgraph ${name.padEnd(9)} ${url}`);

    const config: GatewayConfigInput = {
      server: { port, ...(values.host ? { host: values.host } : {}) },
      supergraph: values.supergraph ? { file: values.supergraph } : { compose: values.compose ?? DEMO_SUPERGRAPH_CONFIG },
    };
    let gateway: Awaited<ReturnType<typeof createGateway>>;
    try {
      gateway = await createGateway(config);
      const url = await gateway.listen();
      io.stderr(`gateway            ${url}`);
      io.stderr(`health             ${new URL('/health', url)}  ready ${new URL('/ready', url)}`);
    } catch (error) {
      await examples?.close();
      if (error instanceof ConfigError) throw new CliError(`error: ${error.message}`);
      throw new CliError(`error: the gateway could not start: ${(error as Error).message}`);
    }

    await new Promise<void>((resolve) => {
      const stop = async (signal: string) => {
        io.stderr(`${signal}: shutting down`);
        await gateway.close();
        await examples?.close();
        resolve();
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
  },
};
