// The real `gatehouse` binary as a child process, ready once it prints its URL: `gatehouse registry`
// for tests that kill it, `gatehouse start --registry` for the flag.
import { type ChildProcess, spawn } from 'node:child_process';
import { GATEHOUSE_BIN } from '../../support/runCli.ts';

export interface GatehouseProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends `signal` and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface GatehouseProcessOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

export function startRegistryProcess(args: string[], options: GatehouseProcessOptions = {}): Promise<GatehouseProcess> {
  return startGatehouseProcess(['registry', '--port', '0', ...args], /^registry\s+(http:\/\/\S+)$/m, options);
}

export function startGatewayProcess(args: string[], options: GatehouseProcessOptions = {}): Promise<GatehouseProcess> {
  return startGatehouseProcess(['start', '--port', '0', '--workers', '1', ...args], /^gateway\s+(http:\/\/\S+)$/m, options);
}

export function startGatehouseProcess(args: string[], urlLine: RegExp, options: GatehouseProcessOptions): Promise<GatehouseProcess> {
  const child = spawn(process.execPath, [GATEHOUSE_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gatehouse ${args[0]} did not print its URL in time:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = urlLine.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      resolve({
        child,
        url,
        output: () => output,
        kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`gatehouse ${args[0]} exited before listening:\n${output}`));
    });
  });
}
