import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // The Apollo packages require() graphql's CommonJS build; vite would hand our ESM imports the
    // .mjs build, and two copies of graphql reject each other's schemas. One copy only.
    // `import … from 'gatehouse'` (examples/permissions.ts) means these sources under test, not the build in dist/.
    alias: [
      { find: /^graphql$/, replacement: require.resolve('graphql') },
      { find: /^gatehouse$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/freshBuild.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
