import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { onWasmWithLeakChecks, rng } from '../../../testing/kernelChecks';
import { SMALL_ELEMENTWISE_MAX, type SmallElementwiseOp, smallElementwise } from './smallElementwise';

onWasmWithLeakChecks();

const SPECIALS = [0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3e38];

function values(length: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length }, (_, i) => (i % 6 === 0 ? (SPECIALS[i % 8] as number) : r() * 8));
}

/** The calling-thread path itself (null if it declined), read back and freed. */
function onCaller(op: SmallElementwiseOp, a: tf.Tensor, b: tf.Tensor): number[] | null {
  const out = smallElementwise(tf.backend() as BackendWasm, op, a, b);
  if (!out) return null;
  const tensor = tf.engine().makeTensorFromTensorInfo(out);
  const read = Array.from(tensor.dataSync());
  tensor.dispose();
  return read;
}

/** The same op on tfjs CPU. */
async function onCpu(op: SmallElementwiseOp, a: tf.Tensor, b: tf.Tensor): Promise<number[]> {
  const [av, bv] = [a.dataSync(), b.dataSync()];
  await tf.setBackend('cpu');
  const out = tf.tidy(() =>
    tf.engine().runKernel(op, { a: tf.tensor(av, a.shape), b: tf.tensor(bv, b.shape) }),
  ) as tf.Tensor;
  const read = Array.from(out.dataSync());
  out.dispose();
  await tf.setBackend('wasm');
  return read;
}

describe('small elementwise ops on the calling thread (WASM)', () => {
  it('Add, Sub and Multiply give what tfjs CPU gives, bit for bit, same-shape and with either operand one value', async () => {
    for (const op of [tf.Add, tf.Sub, tf.Multiply] as const) {
      for (const length of [1, 3, 4, 7, 64, 1027]) {
        for (const [shapeA, shapeB] of [
          [[length], [length]],
          [[], [length]],
          [[length], [1]],
        ]) {
          const a = tf.tensor(values(tf.util.sizeFromShape(shapeA as number[]), length), shapeA);
          const b = tf.tensor(values(tf.util.sizeFromShape(shapeB as number[]), length + 1), shapeB);
          const label = `${op} ${JSON.stringify([shapeA, shapeB])}`;
          const mine = onCaller(op, a, b);
          expect(mine, label).not.toBeNull();
          expect(mine, label).toEqual(await onCpu(op, a, b));
          tf.dispose([a, b]);
        }
      }
    }
  });

  it('tf.square on WASM equals x · x on CPU, and the kernels keep broadcasting and large cases right', async () => {
    const x = tf.tensor2d(values(6 * 7, 5), [6, 7]);
    const row = tf.tensor2d(values(7, 6), [1, 7]);
    const big = tf.tensor1d(values(SMALL_ELEMENTWISE_MAX + 5, 7));
    expect(onCaller(tf.Add, x, row), 'a row broadcast is left to the stock kernel').toBeNull();
    expect(onCaller(tf.Multiply, big, big), 'above the size limit').toBeNull();
    const onWasm = tf.tidy(() =>
      [tf.square(x), tf.add(x, row), tf.mul(big, big)].map((t) => Array.from(t.dataSync())),
    );
    expect(onWasm[0]).toEqual(await onCpu(tf.Multiply, x, x));
    expect(onWasm[1]).toEqual(await onCpu(tf.Add, x, row));
    expect(onWasm[2]).toEqual(await onCpu(tf.Multiply, big, big));
    tf.dispose([x, row, big]);
  });
});
