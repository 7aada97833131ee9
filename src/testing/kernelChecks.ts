/** Shared helpers for the wasm kernel tests (seeded data, error metric, cpu-vs-wasm runner). */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect } from 'vitest';
import { initWasmBackendInNode } from '../engine/backend/wasm/nodeWasm';
import { createRng } from '../engine/random';
import { maxRelativeError } from './relativeError';

/**
 * A test file's set-up: the wasm backend with the project's kernels, and tfjs's IS_TEST, which makes the engine
 * throw when a kernel leaves an unreleased data id behind (off again after the file).
 */
export function onWasmWithLeakChecks(): void {
  beforeAll(async () => {
    await initWasmBackendInNode();
    tf.env().set('IS_TEST', true);
  });
  afterAll(() => tf.env().set('IS_TEST', false));
}

/** The engine's seeded generator, centred: uniform in [-0.5, 0.5). */
export function rng(seed: number): () => number {
  const uniform = createRng(seed);
  return () => uniform() - 0.5;
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor((r() + 0.5) * xs.length)] as T;
export const int = (r: () => number, lo: number, hi: number): number =>
  lo + Math.floor((r() + 0.5) * (hi - lo + 1));

/** max |a-b| / max |a|: the relative error of b against reference a; the lengths must agree. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(b.length).toBe(a.length);
  return maxRelativeError(a, b);
}

/** Runs `f` on the cpu and wasm backends and returns the flattened gradients of each. */
export async function onBoth(f: () => tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const out: Record<string, Float32Array[]> = {};
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const grads = f();
    out[backend] = grads.map((g) => g.dataSync() as Float32Array);
    tf.dispose(grads);
  }
  await tf.setBackend('wasm');
  return { cpu: out.cpu as Float32Array[], wasm: out.wasm as Float32Array[] };
}
