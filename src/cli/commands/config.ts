// `gatehouse config`: the config file's JSON Schema for editors, and a check of a config file and of
// what it names (the supergraph, the rule module) without starting anything (for CI and deploy scripts).
import { parseArgs } from 'node:util';
import { gatewayConfigJsonSchema } from '../../config/gatewayConfigJsonSchema.ts';
import { ConfigError, type GatewayConfig, loadGatewayConfigFile } from '../../config/index.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import type { Command } from './command.ts';

const USAGE = `gatehouse config schema
gatehouse config check --config gatehouse.yaml [--supergraph FILE | --compose supergraph.yaml]

check validates the file, then loads what it names as \`gatehouse start\` does: the supergraph (read or
composed, and validated as a supergraph) and authorization.rules (imported, and fitted to that supergraph).
A supergraph.registry is not fetched. --supergraph and --compose stand in for the file's supergraph, as
they do for start.`;

export const configCommand: Command = {
  name: 'config',
  usage: USAGE,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === 'schema') {
      io.stdout(JSON.stringify(gatewayConfigJsonSchema(), null, 2));
      return;
    }
    if (action === 'check') {
      const { values } = parseArgs({
        args: rest,
        options: { config: { type: 'string', short: 'c' }, supergraph: { type: 'string', short: 's' }, compose: { type: 'string' } },
        strict: true,
      });
      if (!values.config) throw new CliError('error: --config <gatehouse.yaml> is required', EXIT_USAGE);
      if (values.supergraph && values.compose) throw new CliError('error: use one of --supergraph or --compose', EXIT_USAGE);
      // As for start: the config file may leave out the supergraph the command line names.
      const given = values.supergraph
        ? { supergraph: { file: values.supergraph } }
        : values.compose
          ? { supergraph: { compose: values.compose } }
          : {};
      let config: GatewayConfig;
      try {
        config = (await loadGatewayConfigFile(values.config, given)).config;
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(`error: ${error.message}`);
        throw error;
      }
      // Loaded on use: it brings federation, composition and the rule module's loader.
      const { checkGatewayConfig } = await import('../config/checkGatewayConfig.ts');
      const { checked, warnings } = await checkGatewayConfig(config);
      for (const warning of warnings) io.stderr(warning);
      io.stdout(`${values.config}: ok`);
      for (const line of checked) io.stdout(`  ${line}`);
      return;
    }
    throw new CliError(`error: unknown action "${action ?? ''}"; use \`config schema\` or \`config check --config FILE\``, EXIT_USAGE);
  },
};
