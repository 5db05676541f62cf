// Starts the real `gatehouse start` (or `gatehouse registry`) in a child process and waits until it
// prints the gateway's (the registry's) URL.
import { type ChildProcess, spawn } from 'node:child_process';
import { GATEHOUSE_BIN } from './runCli.ts';

export interface CliServer {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface CliServerOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** `registry` runs the registry instead of the gateway. */
  command?: 'start' | 'registry';
  /** Another `gatehouse` executable than this repository's (e.g. an installed package's). */
  bin?: string;
  cwd?: string;
}

/** The line each command prints once it listens, with its URL. */
const LISTENING_LINE = { start: /^gateway\s+(http:\/\/\S+)$/m, registry: /^registry\s+(http:\/\/\S+)$/m };

export function startCliServer(args: string[], options: CliServerOptions = {}): Promise<CliServer> {
  const command = options.command ?? 'start';
  const child = spawn(process.execPath, [options.bin ?? GATEHOUSE_BIN, command, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gatehouse ${command} did not print its URL in time:\n${output}`));
    }, options.timeoutMs ?? 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING_LINE[command].exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[1],
        output: () => output,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gatehouse ${command} exited with ${code} before listening:\n${output}`));
    });
  });
}
