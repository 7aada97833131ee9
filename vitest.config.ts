import { defineConfig } from 'vitest/config';

/** Unit tests run in Node on the WASM backend (the CPU backend is the reference where a test compares). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/testing/useWasmBackend.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
