import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Unit tests run in Node on the WASM backend (the CPU backend is the reference where a test compares). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/testing/useWasmBackend.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    // One fork per CPU: vitest's default leaves one CPU to its runner, which sits idle while the files run; on
    // a 2-core machine that left one core unused (the unit stage took 5.8 min on one fork, 2.2-4.5 on two).
    maxWorkers: availableParallelism(),
  },
});
