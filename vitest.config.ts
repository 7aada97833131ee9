import { defineConfig } from 'vitest/config';

/** Unit tests run in Node on the WASM backend (the CPU backend is the reference where a test compares). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/testing/useWasmBackend.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the CPUs: one on a 2-core machine. The runner itself sits idle
    // while the files run, so two forks use both cores (unit tests 348 → 132-151 s here).
    maxWorkers: 2,
  },
});
