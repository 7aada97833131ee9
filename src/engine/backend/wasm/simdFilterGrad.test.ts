import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { int, onBoth, onWasmWithLeakChecks, pick, relErr, rng } from '../../../testing/kernelChecks';
import { filterGradGeometry } from './conv2dBackpropFilter';
import { SIMD_FILTER_GRAD_MAX_CHANNELS, simdFilterGrad } from './simdFilterGrad';
import { free } from './wasmOps';

onWasmWithLeakChecks();

describe('SIMD filter gradient (few input channels, stride 1)', () => {
  it('equals the CPU backend to 1e-4 on random shapes: kernel sizes past one pass of 3 taps, channel blocks past 16, image blocks', async () => {
    const r = rng(31);
    for (let t = 0; t < 30; t++) {
      // Every third case: 12-24 images of at least 14×14×32 dy floats, so more than one block of images (256 KiB
      // of dy each), on few input channels (the CPU reference is slow); the rest up to 64 input channels.
      const blocks = t % 3 === 0;
      const n = blocks ? int(r, 12, 24) : int(r, 1, 3);
      const [h, w] = blocks ? [int(r, 14, 16), int(r, 14, 16)] : [int(r, 4, 10), int(r, 4, 10)];
      const ci = blocks ? int(r, 1, 3) : int(r, 1, SIMD_FILTER_GRAD_MAX_CHANNELS);
      const co = 4 * (blocks ? int(r, 8, 10) : int(r, 1, 10));
      const [kh, kw] = [pick(r, [1, 2, 3, 5]), pick(r, [1, 2, 3, 4, 5, 7])];
      const pad = pick(r, ['same', 'valid'] as const);
      if (pad === 'valid' && (kh > h || kw > w)) continue;
      const filterShape: [number, number, number, number] = [kh, kw, ci, co];
      const g = filterGradGeometry([n, h, w, ci], filterShape, 1, pad);
      const xv = Float32Array.from({ length: n * h * w * ci }, () => r());
      const dyv = Float32Array.from({ length: n * g.outH * g.outW * co }, () => r());
      const label = JSON.stringify({ n, h, w, ci, co, kh, kw, pad });
      const { cpu, wasm } = await onBoth(() => {
        const x = tf.tensor4d(xv, [n, h, w, ci]);
        const dy = tf.tensor4d(dyv, [n, g.outH, g.outW, co]);
        const dW = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
          strides: 1,
          pad,
          dataFormat: 'NHWC',
          filterShape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        tf.dispose([x, dy]);
        return [dW];
      });
      expect(relErr(cpu[0] as Float32Array, wasm[0] as Float32Array), label).toBeLessThan(1e-4);
      // The kernel above took the SIMD path (not silently the GEMM): it builds here.
      const b = tf.backend() as BackendWasm;
      const x = tf.tensor4d(xv, [n, h, w, ci]);
      const dy = tf.tensor4d(dyv, [n, g.outH, g.outW, co]);
      const direct = simdFilterGrad(b, x, dy, g);
      expect(direct, label).not.toBeNull();
      if (direct) free(b, direct);
      tf.dispose([x, dy]);
    }
  });
});
