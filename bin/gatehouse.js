#!/usr/bin/env node
// The `gatehouse` command: the compiled CLI in dist/ (`npm run build`; `npm ci` and `npm pack` build it).
await import('../dist/src/cli/main.js').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/src/cli/main.js')) throw error;
  process.stderr.write('error: gatehouse is not built: run `npm run build` in its folder\n');
  process.exitCode = 1;
});
