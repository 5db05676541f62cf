#!/usr/bin/env node
// The `gatehouse` command: the compiled CLI in dist/ (`npm run build`; `npm ci` and `npm pack` build it).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(main)) {
  await import(main.href);
} else {
  process.stderr.write('error: gatehouse is not built: run `npm run build` in its folder\n');
  process.exitCode = 1;
}
