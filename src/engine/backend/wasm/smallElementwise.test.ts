import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { onWasmWithLeakChecks, rng } from '../../../testing/kernelChecks';
import {
  BROADCAST_MAX,
  SMALL_ELEMENTWISE_MAX,
  type SmallElementwiseOp,
  smallElementwise,
} from './smallElementwise';

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

  it('any other small broadcast gives what tfjs CPU gives, bit for bit: a column against rows, a bias, ranks that differ', async () => {
    for (const op of [tf.Add, tf.Sub, tf.Multiply] as const) {
      for (const [shapeA, shapeB] of [
        [
          [64, 1],
          [64, 10],
        ],
        [
          [64, 10],
          [64, 1],
        ],
        [
          [6, 7],
          [1, 7],
        ],
        [
          [2, 1, 3],
          [4, 1],
        ],
        [
          [1, 1],
          [3, 4],
        ],
        [[2, 3, 4, 5], [5]],
        [
          [3, 1, 5],
          [1, 4, 1],
        ],
      ]) {
        const a = tf.tensor(values(tf.util.sizeFromShape(shapeA as number[]), 11), shapeA);
        const b = tf.tensor(values(tf.util.sizeFromShape(shapeB as number[]), 12), shapeB);
        const label = `${op} ${JSON.stringify([shapeA, shapeB])}`;
        const mine = onCaller(op, a, b);
        expect(mine, label).not.toBeNull();
        expect(mine, label).toEqual(await onCpu(op, a, b));
        tf.dispose([a, b]);
      }
    }
  });

  it('tf.square on WASM equals x · x on CPU; large cases go to the stock kernels and stay right', async () => {
    const x = tf.tensor2d(values(6 * 7, 5), [6, 7]);
    const big = tf.tensor1d(values(SMALL_ELEMENTWISE_MAX + 5, 7));
    const rows = tf.tensor2d(values(BROADCAST_MAX * 2, 8), [BROADCAST_MAX, 2]);
    const column = tf.tensor2d(values(BROADCAST_MAX, 9), [BROADCAST_MAX, 1]);
    expect(onCaller(tf.Multiply, big, big), 'above the size limit').toBeNull();
    expect(onCaller(tf.Add, rows, column), 'a broadcast above its limit').toBeNull();
    const onWasm = tf.tidy(() =>
      [tf.square(x), tf.mul(big, big), tf.add(rows, column)].map((t) => Array.from(t.dataSync())),
    );
    expect(onWasm[0]).toEqual(await onCpu(tf.Multiply, x, x));
    expect(onWasm[1]).toEqual(await onCpu(tf.Multiply, big, big));
    expect(onWasm[2]).toEqual(await onCpu(tf.Add, rows, column));
    tf.dispose([x, big, rows, column]);
  });
});
