// Packs this repository (`npm pack`) and installs the tarball into an empty folder, as a user would,
// without the internet: the folder gets a lock file with the exact versions of this repository's lock
// file (minus dev-only packages), whose tarballs `npm ci` already put in the npm cache; `npm ci --offline`
// then installs from that cache alone.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface LockEntry {
  version?: string;
  dev?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

function offlineLockFile(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const { '': root, ...installed } = lock.packages;
  if (!root) throw new Error('package-lock.json has no root package');
  const packages: Record<string, LockEntry> = {
    '': { dependencies: { gatehouse: `file:${tarball}` } },
    'node_modules/gatehouse': {
      version: root.version,
      resolved: `file:${tarball}`,
      dependencies: root.dependencies,
      engines: root.engines,
      bin: root.bin,
    },
  };
  for (const [path, entry] of Object.entries(installed)) if (!entry.dev && !entry.link) packages[path] = entry;
  return { name: 'packed-gatehouse-user', lockfileVersion: 3, requires: true, packages };
}

/** Packs the (already built) repository into `folder` and installs it there; resolves with the tarball's name. */
export async function installPackedPackage(folder: string): Promise<string> {
  // dist/ is fresh (vitest's globalSetup builds it), so packing need not build again.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', folder], { cwd: repoRoot });
  const tarball = stdout.trim().split('\n').at(-1) ?? '';
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ private: true, dependencies: { gatehouse: `file:${tarball}` } }));
  writeFileSync(join(folder, 'package-lock.json'), JSON.stringify(offlineLockFile(tarball)));
  await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: folder, timeout: 240_000 });
  return tarball;
}
