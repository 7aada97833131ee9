import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { onBoth, onWasmWithLeakChecks, rng } from '../../../testing/kernelChecks';
import { type BroadcastOp, SMALL_BROADCAST_MAX, smallBroadcast } from './smallBroadcast';

onWasmWithLeakChecks();

const SPECIALS = [0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3e38];

function values(length: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length }, (_, i) => (i % 6 === 0 ? (SPECIALS[i % 8] as number) : r() * 8));
}

/** The calling-thread path itself (null if it declined), read back and freed. */
function onCaller(op: BroadcastOp, a: tf.Tensor, b: tf.Tensor): number[] | null {
  const out = smallBroadcast(tf.backend() as BackendWasm, op, a, b);
  if (!out) return null;
  const tensor = tf.engine().makeTensorFromTensorInfo(out);
  const read = Array.from(tensor.dataSync());
  tensor.dispose();
  return read;
}

/** The same op on tfjs CPU (onBoth runs it through the WASM kernel too). */
async function onCpu(op: BroadcastOp, a: tf.Tensor, b: tf.Tensor): Promise<number[]> {
  const [av, bv] = [a.dataSync(), b.dataSync()];
  const { cpu } = await onBoth(() => [
    tf.tidy(
      () => tf.engine().runKernel(op, { a: tf.tensor(av, a.shape), b: tf.tensor(bv, b.shape) }) as tf.Tensor,
    ),
  ]);
  return Array.from(cpu[0] as Float32Array);
}

describe('small broadcasts on the calling thread (WASM)', () => {
  it('give what tfjs CPU gives, bit for bit: a column against rows, a bias, ranks that differ, specials', async () => {
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
          [2, 1, 1],
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

  it('leaves same-shape ops, one value against a tensor and large broadcasts to the stock kernels, which stay right', async () => {
    const x = tf.tensor2d(values(6 * 7, 5), [6, 7]);
    const one = tf.scalar(3);
    const rows = tf.tensor2d(values(SMALL_BROADCAST_MAX * 2, 8), [SMALL_BROADCAST_MAX, 2]);
    const column = tf.tensor2d(values(SMALL_BROADCAST_MAX, 9), [SMALL_BROADCAST_MAX, 1]);
    expect(onCaller(tf.Add, x, x), 'same shape').toBeNull();
    expect(onCaller(tf.Multiply, one, x), 'one value').toBeNull();
    expect(onCaller(tf.Add, rows, column), 'above the size limit').toBeNull();
    const onWasm = tf.tidy(() => [tf.add(rows, column), tf.mul(one, x)].map((t) => Array.from(t.dataSync())));
    expect(onWasm[0]).toEqual(await onCpu(tf.Add, rows, column));
    expect(onWasm[1]).toEqual(await onCpu(tf.Multiply, one, x));
    tf.dispose([x, one, rows, column]);
  });
});
