// Runs a `gatehouse` command in this process, capturing what it prints and the exit code main.ts would
// set; and the real binary in a child process when stdin matters.
import { spawn } from 'node:child_process';
import { CliError, EXIT_USAGE } from '../../../src/cli/cliError.ts';
import type { Command } from '../../../src/cli/commands/command.ts';
import { GATEHOUSE_BIN } from '../../support/runCli.ts';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCommand(command: Command, args: string[]): Promise<CommandResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let code = 0;
  try {
    await command.run(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
  } catch (error) {
    if (error instanceof CliError) {
      if (error.message) stderr.push(error.message);
      code = error.exitCode;
    } else if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      stderr.push((error as Error).message);
      code = EXIT_USAGE;
    } else {
      throw error;
    }
  }
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** The real `gatehouse` binary with `input` on its stdin. */
export function runCliWithInput(args: string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GATEHOUSE_BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
