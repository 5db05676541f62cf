// Starts the real `gatehouse start` in a child process and waits until it prints the gateway's URL.
import { type ChildProcess, spawn } from 'node:child_process';
import { GATEHOUSE_BIN } from './runCli.ts';

export interface CliServer {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startCliServer(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliServer> {
  const child = spawn(process.execPath, [GATEHOUSE_BIN, 'start', ...args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gatehouse start did not print its URL in time:\n${output}`));
    }, options.timeoutMs ?? 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^gateway\s+(http:\/\/\S+)$/m.exec(output);
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
      reject(new Error(`gatehouse start exited with ${code} before listening:\n${output}`));
    });
  });
}
