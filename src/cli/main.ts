// Entry point of the `gatehouse` command: picks the subcommand, prints its errors, sets the exit code.
// The module, not errors/index.ts, which brings graphql: `--help` stays instant.
import { closestName } from '../errors/closestName.ts';
import { CliError, EXIT_USAGE } from './cliError.ts';
import type { Command, CommandIO } from './commands/command.ts';

interface CommandEntry {
  name: string;
  summary: string;
  /** Loaded on use: each command pulls in its own part (Apollo, the registry, …), so `--help` stays instant. */
  load(): Promise<Command>;
}

const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'compose',
    summary: 'Compose a rover-format supergraph.yaml into a supergraph SDL',
    load: async () => (await import('./commands/compose.ts')).composeCommand,
  },
  {
    name: 'start',
    summary: 'Run the gateway (with no supergraph named: the demo graph and its subgraphs)',
    load: async () => (await import('./commands/start.ts')).startCommand,
  },
  {
    name: 'config',
    summary: "Print gatehouse.yaml's JSON Schema, or check a config file and the supergraph and rules it names",
    load: async () => (await import('./commands/config.ts')).configCommand,
  },
  {
    name: 'registry',
    summary: 'Run the schema registry, or manage its tokens and read its audit log',
    load: async () => (await import('./commands/registry.ts')).registryCommand,
  },
  {
    name: 'subgraph',
    summary: 'Publish, check, list, fetch, delete or introspect subgraphs (rover-shaped)',
    load: async () => (await import('./commands/subgraph.ts')).subgraphCommand,
  },
  {
    name: 'supergraph',
    summary: "Fetch the registry's supergraph, its history, a diff, or roll back (rover-shaped)",
    load: async () => (await import('./commands/supergraph.ts')).supergraphCommand,
  },
  {
    name: 'explain',
    summary: 'Explain offline what the gateway would do with an operation: limits, cost, the rules that remove fields, the plan',
    load: async () => (await import('./commands/explain.ts')).explainCommand,
  },
  {
    name: 'token',
    summary: 'Print a demo JWT (signed with the demo key `npm start` trusts) for trying the access rules',
    load: async () => (await import('./commands/token.ts')).tokenCommand,
  },
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

/** The flags a command's usage names: the flags it takes, as its user sees them. */
function flagsIn(usage: string): string[] {
  return [...new Set(usage.match(/--[a-z][a-z0-9-]*/g) ?? [])].map((flag) => flag.slice(2));
}

/** node:util parseArgs' errors in our words (its own text has an unbalanced quote and advice about `--`). */
function describeArgumentError(error: Error, usage: string): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const closest = closestName(quoted.replace(/^-+/, ''), flagsIn(usage));
      return `unknown flag ${quoted}${closest === undefined ? '' : ` (did you mean --${closest}?)`}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (error.message.includes('does not take an argument')) return `flag ${quoted} takes no value`;
      return `flag ${quoted.replace(/ <value>$/, '')} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}"`;
    default:
      return error.message;
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const entry = COMMANDS.find((candidate) => candidate.name === name);
  if (!entry) {
    io.stderr(`error: unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${entry.summary}\n\nUsage: ${command.usage}`);
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
      io.stderr(`error: ${describeArgumentError(error, command.usage)}\n\nUsage: ${command.usage}`);
      return EXIT_USAGE;
    }
    // Never a stack trace: the message alone, on one line.
    io.stderr(`error: ${(error as Error).message?.split('\n')[0] ?? String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
