import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { int, onBoth, pick, relErr, rng } from '../../../testing/kernelChecks';
import { initWasmBackendInNode } from './nodeWasm';
import { simdPoolGrad2x2 } from './simdPoolGrad';

beforeAll(async () => {
  await initWasmBackendInNode();
  // Makes the engine throw when a kernel leaves an unreleased data id behind.
  tf.env().set('IS_TEST', true);
});
afterAll(() => tf.env().set('IS_TEST', false));

describe('wasm pooling gradients', () => {
  it('max-pool gradients equal the CPU backend on random shapes, including ties, zeros and all-negative windows', async () => {
    // The SIMD kernel (2×2, stride 2, even sizes, channels % 4 == 0) must be in use, not silently skipped.
    expect(simdPoolGrad2x2(tf.backend() as BackendWasm)).not.toBeNull();
    const r = rng(5);
    for (let t = 0; t < 40; t++) {
      // Every other case is shaped for the SIMD path; the rest are random (JS paths).
      const simdCase = t % 2 === 1;
      const n = int(r, 1, 4);
      const h = simdCase ? 2 * int(r, 3, 4) : int(r, 5, 9);
      const w = simdCase ? 2 * int(r, 3, 4) : int(r, 5, 9);
      const c = simdCase ? pick(r, [4, 8]) : int(r, 1, 6);
      const size = simdCase ? 2 : pick(r, [2, 3] as const);
      const stride = simdCase ? 2 : pick(r, [1, 2] as const);
      const pad = pick(r, ['same', 'valid'] as const);
      // Quantised values give ties; a negative offset gives all-negative windows; relu-like zeros are common.
      const xv = Float32Array.from(
        { length: n * h * w * c },
        () => Math.round(r() * 6) / 2 - (t % 3 === 0 ? 3 : 0),
      );
      if (t % 4 === 1) xv.fill(Number.NEGATIVE_INFINITY, 0, 2 * w * c); // all -inf windows get no gradient
      const { cpu, wasm } = await onBoth(() => {
        const x = tf.tensor4d(xv, [n, h, w, c]);
        const g = tf.grad((a) =>
          tf
            .maxPool(a as tf.Tensor4D, size, stride, pad)
            .square()
            .sum(),
        );
        const dx = g(x);
        tf.dispose(x);
        return [dx];
      });
      expect(
        relErr(cpu[0] as Float32Array, wasm[0] as Float32Array),
        JSON.stringify({ n, h, w, c, size, stride, pad }),
      ).toBeLessThan(1e-4);
    }
  });

  it('avg-pool gradients (stock kernel) equal the CPU backend on random shapes', async () => {
    const r = rng(8);
    for (let t = 0; t < 20; t++) {
      const [n, h, w, c] = [int(r, 1, 4), int(r, 5, 9), int(r, 5, 9), int(r, 1, 6)];
      const size = pick(r, [2, 3] as const);
      const stride = pick(r, [1, 2] as const);
      const pad = pick(r, ['same', 'valid'] as const);
      const xv = Float32Array.from({ length: n * h * w * c }, r);
      const { cpu, wasm } = await onBoth(() => {
        const x = tf.tensor4d(xv, [n, h, w, c]);
        const dx = tf.grad((a) =>
          tf
            .avgPool(a as tf.Tensor4D, size, stride, pad)
            .square()
            .sum(),
        )(x);
        tf.dispose(x);
        return [dx];
      });
      const label = JSON.stringify({ n, h, w, c, size, stride, pad });
      expect(relErr(cpu[0] as Float32Array, wasm[0] as Float32Array), label).toBeLessThan(1e-4);
    }
  });
});
