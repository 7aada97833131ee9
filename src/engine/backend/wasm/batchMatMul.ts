/**
 * BatchMatMul override. Dense-layer backprop needs dy·Wᵀ and xᵀ·dy; stock tfjs-backend-wasm sends any
 * transposed operand to a scalar blocked triple loop instead of XNNPACK. Materialising the transpose (a
 * linear copy) and taking the XNNPACK fully-connected path is several times faster.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { free, type Info, run, transpose } from './wasmOps';

function swapLast2(b: BackendWasm, x: Info): Info {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return transpose(b, x, perm);
}

export const batchMatMulKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b } = inputs as { a: Info; b: Info };
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  const bk = backend as BackendWasm;
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  // Only batch-1 products reach XNNPACK in the stock kernel; leave everything else untouched.
  if ((!transposeA && !transposeB) || batchA !== 1 || batchB !== 1) {
    return run(bk, tf.BatchMatMul, { a, b }, { transposeA, transposeB });
  }
  const aN = transposeA ? swapLast2(bk, a) : a;
  const bN = transposeB ? swapLast2(bk, b) : b;
  const out = run(bk, tf.BatchMatMul, { a: aN, b: bN }, { transposeA: false, transposeB: false });
  if (transposeA) free(bk, aN);
  if (transposeB) free(bk, bN);
  return out;
};
