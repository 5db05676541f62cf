// `gatehouse config`: the config file's JSON Schema for editors, and a check of a config file
// without starting anything (for CI and deploy scripts).
import { parseArgs } from 'node:util';
import { gatewayConfigJsonSchema } from '../../config/gatewayConfigJsonSchema.ts';
import { ConfigError, readGatewayConfigFile } from '../../config/index.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import type { Command } from './command.ts';

export const configCommand: Command = {
  name: 'config',
  usage: 'gatehouse config schema | gatehouse config check --config gatehouse.yaml',
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === 'schema') {
      io.stdout(JSON.stringify(gatewayConfigJsonSchema(), null, 2));
      return;
    }
    if (action === 'check') {
      const { values } = parseArgs({ args: rest, options: { config: { type: 'string', short: 'c' } }, strict: true });
      if (!values.config) throw new CliError('error: --config <gatehouse.yaml> is required', EXIT_USAGE);
      try {
        await readGatewayConfigFile(values.config);
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(`error: ${error.message}`);
        throw error;
      }
      io.stdout(`${values.config}: ok`);
      return;
    }
    throw new CliError(`error: unknown action "${action ?? ''}"; use \`config schema\` or \`config check --config FILE\``, EXIT_USAGE);
  },
};
