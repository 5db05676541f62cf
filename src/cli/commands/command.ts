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
