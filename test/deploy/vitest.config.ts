// `npm run test:deploy` only: the topology test, against containers, one file at a time.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

export default mergeConfig(
  { ...base, test: { ...base.test, include: [] } },
  defineConfig({ test: { include: ['test/deploy/**/*.deploy.ts'], fileParallelism: false, testTimeout: 120_000, hookTimeout: 300_000 } }),
);
