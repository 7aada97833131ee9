import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { int, onBoth, onWasmWithLeakChecks, pick, relErr, rng } from '../../../testing/kernelChecks';
import { simdPoolGrad2x2 } from './simdPoolGrad';

onWasmWithLeakChecks();

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

  it("the SIMD kernel also binds to the threaded build's shared memory, which that build keeps as wasmMemory", () => {
    // The browser's threaded build imports a shared memory instead of exporting one; a backend shaped like it.
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const module = { wasmMemory: memory, HEAPU8: new Uint8Array(memory.buffer) };
    const poolGrad = simdPoolGrad2x2({ wasm: module } as unknown as BackendWasm);
    expect(poolGrad).not.toBeNull();
    // One 2×2 window over 4 channels: each channel's maximum sits at another pixel (channel 3: a tie, first wins).
    const x = [
      [5, 0, 0, 1],
      [0, 6, 0, 1],
      [0, 0, 7, 0],
      [0, 0, 0, 1],
    ].flat();
    const heap = new Float32Array(memory.buffer);
    heap.set(x, 0);
    heap.set([10, 20, 30, 40], 16);
    poolGrad?.(0, 64, 128, 1, 1, 16, 32);
    const dx = heap.slice(32, 48);
    expect(Array.from(dx)).toEqual(
      [
        [10, 0, 0, 40],
        [0, 20, 0, 0],
        [0, 0, 30, 0],
        [0, 0, 0, 0],
      ].flat(),
    );
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
