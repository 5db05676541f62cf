// Containers for the deploy test, through the podman command (with the repo's containers.conf): each
// one labelled with the run, on the host's network, and every call bounded in time.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CONTAINERS_CONF = fileURLToPath(new URL('../../../deploy/podman/containers.conf', import.meta.url));
const RUN_LABEL = 'dev.gatehouse.test-deploy';

/** Runs podman; resolves with what it printed on stdout (and on stderr too, with `bothStreams`). */
export function podman(args: string[], { timeoutMs = 60_000, bothStreams = false } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'podman',
      args,
      {
        env: { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? CONTAINERS_CONF },
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`podman ${args.join(' ')}: ${stderr.trim() || error.message}`));
        else resolve(bothStreams ? `${stdout}${stderr}`.trim() : stdout.trim());
      },
    );
  });
}

export interface ContainerSpec {
  name: string;
  image: string;
  /** Arguments after the image (the command); none runs the image's default. */
  args?: string[];
  env?: Record<string, string>;
  /** host path → container path, mounted read-only. */
  files?: Record<string, string>;
}

export class Containers {
  constructor(readonly run: string) {}

  /** Starts a container in the background on the host's network; resolves with its name. */
  async start(spec: ContainerSpec): Promise<string> {
    const name = `gatehouse-${this.run}-${spec.name}`;
    const env = Object.entries(spec.env ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
    const files = Object.entries(spec.files ?? {}).flatMap(([from, to]) => ['--volume', `${from}:${to}:ro`]);
    await podman([
      'run',
      '--detach',
      '--name',
      name,
      '--label',
      `${RUN_LABEL}=${this.run}`,
      '--network',
      'host',
      ...env,
      ...files,
      spec.image,
      ...(spec.args ?? []),
    ]);
    return name;
  }

  /** `podman stop`: the image's STOPSIGNAL, then SIGKILL after `graceSeconds`. Resolves once it has exited. */
  async stop(name: string, graceSeconds: number): Promise<void> {
    await podman(['stop', '--time', String(graceSeconds), name], { timeoutMs: (graceSeconds + 30) * 1000 });
  }

  async exitCode(name: string): Promise<number> {
    return Number(await podman(['inspect', '--format', '{{.State.ExitCode}}', name]));
  }

  /** Runs the image's HEALTHCHECK once: true when it passes. */
  async healthy(name: string): Promise<boolean> {
    return podman(['healthcheck', 'run', name]).then(
      () => true,
      () => false,
    );
  }

  /** What the container printed, stdout and stderr (podman logs replays each on its own stream). */
  logs(name: string): Promise<string> {
    return podman(['logs', name], { bothStreams: true }).catch((error: Error) => error.message);
  }

  /** Every container of this run, by name. */
  async names(): Promise<string[]> {
    const listed = await podman(['ps', '--all', '--filter', `label=${RUN_LABEL}=${this.run}`, '--format', '{{.Names}}']);
    return listed.split('\n').filter(Boolean);
  }

  async removeAll(): Promise<void> {
    const names = await this.names();
    if (names.length > 0) await podman(['rm', '--force', '--time', '0', ...names], { timeoutMs: 120_000 });
  }
}
