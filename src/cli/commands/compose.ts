// `gatehouse compose`: rover's `supergraph compose`, offline, with the same inputs and output.
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CompositionError, composeSupergraphConfig, SupergraphConfigError } from '../../compose/index.ts';
import { CliError, EXIT_USAGE } from '../cliError.ts';
import type { Command } from './command.ts';

async function writeOutput(path: string, sdl: string): Promise<void> {
  try {
    await writeFile(path, sdl);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `the folder ${dirname(resolve(path))} does not exist`
        : code === 'EISDIR'
          ? 'it is a folder'
          : (code ?? String(error));
    throw new CliError(`error: cannot write --output ${path}: ${why}`);
  }
}

export const composeCommand: Command = {
  name: 'compose',
  usage: 'gatehouse compose --config supergraph.yaml [--output FILE]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { config: { type: 'string', short: 'c' }, output: { type: 'string', short: 'o' } },
      strict: true,
    });
    if (!values.config) throw new CliError('error: --config <supergraph.yaml> is required', EXIT_USAGE);
    try {
      const result = await composeSupergraphConfig(values.config);
      for (const warning of result.warnings) io.stderr(`warning: ${warning}`);
      for (const hint of result.hints) io.stderr(`hint[${hint.code}]: ${hint.message}`);
      // Like rover: --output gets the SDL exactly, stdout gets it with a final newline.
      if (values.output) await writeOutput(values.output, result.supergraphSdl);
      else io.stdout(result.supergraphSdl);
    } catch (error) {
      if (error instanceof CompositionError) throw new CliError(error.message);
      if (error instanceof SupergraphConfigError) throw new CliError(`error: ${error.message}`);
      throw error;
    }
  },
};
