/**
 * WASM on two threads in Chromium, where Node cannot go (its WASM build is single-threaded): the threaded build
 * loads with its thread pool's shorter spin (threadPoolSpin.ts), the filter gradient's helper thread
 * (src/engine/backend/wasm/filterGradHelper.ts) runs on the shared heap, its chunks give what tfjs CPU gives,
 * and a repeat gives the same bits whichever thread ran which chunk. Through the benchmark's page (tools/bench/browser), built and served here.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SPIN_ROUNDS } from '../src/engine/backend/wasm/threadPoolSpin';
import { serve } from '../tools/bench/browser/serve';
import type { KernelCheck } from '../tools/bench/browser/types';

let server: { url: string; close: () => Promise<void> } | undefined;
let outDir = '';

test.beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'sam-wasm-threads-'));
  server = await serve(outDir);
});
test.afterAll(async () => {
  await server?.close();
  await rm(outDir, { recursive: true, force: true });
});

test('on 2 threads the filter gradient is shared with a helper thread, equals tfjs CPU and repeats bit for bit; on 1 there is no helper', async ({
  page,
}) => {
  await page.goto(`${server?.url}/tools/bench/browser/index.html`);
  await page.waitForFunction(() => '__bench' in globalThis);
  const check = (threads: number) =>
    page.evaluate(
      (n) =>
        (
          globalThis as unknown as { __bench: { kernelCheck(t: number, ms: number): Promise<KernelCheck> } }
        ).__bench.kernelCheck(n, 60_000),
      threads,
    );
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'a one-core machine runs WASM on one thread');
  const two = await check(2);
  expect(two.details).toContain('2 threads');
  // The threaded build runs with its pool's shorter spin (threadPoolSpin.ts), and every check below runs on it.
  expect(two.poolSpin).toBe(SPIN_ROUNDS);
  for (const { shape, helperChunks, relErr, repeatsIdentical } of two.shapes) {
    expect(helperChunks, shape).toBeGreaterThan(0);
    expect(relErr, shape).toBeLessThan(1e-5);
    expect(repeatsIdentical, shape).toBe(true);
  }
  const one = await check(1);
  expect(one.details).toContain('single-threaded');
  for (const { shape, helperChunks, relErr } of one.shapes) {
    expect(helperChunks, shape).toBe(0);
    expect(relErr, shape).toBeLessThan(1e-5);
  }
});
