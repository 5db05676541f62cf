import { CliError, EXIT_USAGE } from '../cliError.ts';

// The shape every `gatehouse` subcommand has.

export interface CommandIO {
  stdout(line: string): void;
  stderr(line: string): void;
}

export interface Command {
  name: string;
  usage: string;
  run(args: string[], io: CommandIO): Promise<void>;
}

export type CommandAction = (args: string[], io: CommandIO) => Promise<void>;

/** A command whose first argument names an action, as rover's are (`gatehouse subgraph publish …`). */
export function commandWithActions(name: string, usage: string, actions: Record<string, CommandAction>): Command {
  return {
    name,
    usage,
    async run(args, io) {
      const [action, ...rest] = args;
      const run = action === undefined || !Object.hasOwn(actions, action) ? undefined : actions[action];
      if (!run) throw new CliError(`error: unknown action "${action ?? ''}"\n\nUsage: ${usage}`, EXIT_USAGE);
      await run(rest, io);
    },
  };
}
