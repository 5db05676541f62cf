// vitest globalSetup: rebuilds dist/ when a source is newer than the last build, so the tests that run
// the `gatehouse` command (bin/gatehouse.js → dist/) never pass or fail on stale compiled code.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const BUILD_STAMP = join(root, 'dist/build.tsbuildinfo');
const BUILD_INPUTS = ['src', 'examples', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestInput(): number {
  let newest = 0;
  for (const input of BUILD_INPUTS) {
    const path = join(root, input);
    const files = statSync(path).isDirectory() ? readdirSync(path, { recursive: true }).map((file) => join(path, String(file))) : [path];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function lastBuild(): number {
  try {
    return statSync(BUILD_STAMP).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  if (lastBuild() >= newestInput()) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  // tsc leaves its build info untouched when nothing it emits changed; mark the build as current.
  const now = new Date();
  utimesSync(BUILD_STAMP, now, now);
}
