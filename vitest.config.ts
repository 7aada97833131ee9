import { defineConfig } from 'vitest/config';

/** Unit tests run in Node on the tfjs CPU backend (and WASM where a test asks for it). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    pool: 'forks',
  },
});
