// Entry point of the `gatehouse` command: picks the subcommand, prints its errors, sets the exit code.
import { CliError, EXIT_USAGE } from './cliError.ts';
import type { Command, CommandIO } from './commands/command.ts';
import { composeCommand } from './commands/compose.ts';
import { configCommand } from './commands/config.ts';
import { registryCommand } from './commands/registry.ts';
import { startCommand } from './commands/start.ts';
import { subgraphCommand } from './commands/subgraph.ts';
import { supergraphCommand } from './commands/supergraph.ts';
import { tokenCommand } from './commands/token.ts';

const COMMANDS: readonly Command[] = [
  composeCommand,
  startCommand,
  configCommand,
  registryCommand,
  subgraphCommand,
  supergraphCommand,
  tokenCommand,
];

const io: CommandIO = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Usage: gatehouse <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "Run `gatehouse <command> --help` for a command's options.",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`error: unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    await command.run(args, io);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      // An empty message: the command already printed its failure (e.g. as JSON on stdout).
      if (error.message) io.stderr(error.message);
      return error.exitCode;
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`error: ${error.message}\n\nUsage: ${command.usage}`);
      return EXIT_USAGE;
    }
    io.stderr(`error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
