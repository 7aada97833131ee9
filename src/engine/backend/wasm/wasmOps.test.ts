import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { int, onWasmWithLeakChecks, rng } from '../../../testing/kernelChecks';
import { pad } from './wasmOps';

onWasmWithLeakChecks();

/** wasmOps.pad on the wasm backend, read back as bits (Int32) so NaN payloads and -0 count, and freed. */
function padBits(x: tf.Tensor, paddings: Array<[number, number]>): { shape: number[]; bits: Int32Array } {
  const b = tf.backend() as BackendWasm;
  const info = pad(b, x, paddings);
  const out = tf.engine().makeTensorFromTensorInfo(info);
  const bits = new Int32Array(new Float32Array(out.dataSync()).buffer);
  const shape = out.shape;
  out.dispose();
  return { shape, bits };
}

/** tfjs CPU's pad of the same values, as bits. */
async function cpuBits(values: Float32Array, shape: number[], paddings: Array<[number, number]>) {
  await tf.setBackend('cpu');
  const out = tf.pad(tf.tensor(values, shape), paddings);
  const result = { shape: out.shape, bits: new Int32Array(new Float32Array(out.dataSync()).buffer) };
  tf.dispose(out);
  await tf.setBackend('wasm');
  return result;
}

describe('wasmOps.pad', () => {
  it('gives tfjs CPU’s zero padding bit for bit: spatial (NHWC), every axis, the last axis, ranks 1 to 6', async () => {
    const r = rng(11);
    const cases: Array<[number[], Array<[number, number]>]> = [
      [
        [64, 28, 28, 1],
        [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
      ],
      [
        [3, 5, 4, 16],
        [
          [0, 0],
          [2, 0],
          [0, 3],
          [0, 0],
        ],
      ],
      [
        [2, 3, 4, 5],
        [
          [1, 2],
          [0, 1],
          [2, 0],
          [1, 1],
        ],
      ],
      [[7], [[2, 3]]],
      [
        [4, 6],
        [
          [0, 0],
          [0, 5],
        ],
      ],
      // The strided input gradient's dilation: a 6-D view with two inner axes padded.
      [
        [2, 3, 1, 4, 1, 8],
        [
          [0, 0],
          [0, 0],
          [0, 1],
          [0, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    ];
    for (let k = 0; k < 4; k++) {
      const rank = int(r, 2, 5);
      const shape = Array.from({ length: rank }, () => int(r, 1, 5));
      cases.push([shape, shape.map(() => [int(r, 0, 2), int(r, 0, 2)] as [number, number])]);
    }
    for (const [shape, paddings] of cases) {
      const values = Float32Array.from({ length: tf.util.sizeFromShape(shape) }, (_, i) =>
        i % 97 === 5 ? Number.NaN : i % 89 === 3 ? -0 : r() * 10,
      );
      const x = tf.tensor(values, shape);
      const got = padBits(x, paddings);
      x.dispose();
      const want = await cpuBits(values, shape, paddings);
      expect(got.shape, JSON.stringify([shape, paddings])).toEqual(want.shape);
      expect(got.bits, JSON.stringify([shape, paddings])).toEqual(want.bits);
    }
  });

  it('pads int32 tensors too, and leaves x unpadded when no axis is', () => {
    const b = tf.backend() as BackendWasm;
    const x = tf.tensor([1, -2, 3, 4], [2, 2], 'int32');
    const padded = tf.engine().makeTensorFromTensorInfo(
      pad(b, x, [
        [1, 0],
        [0, 1],
      ]),
    );
    expect(padded.dtype).toBe('int32');
    expect(Array.from(padded.dataSync())).toEqual([0, 0, 0, 1, -2, 0, 3, 4, 0]);
    const same = tf.engine().makeTensorFromTensorInfo(
      pad(b, x, [
        [0, 0],
        [0, 0],
      ]),
    );
    expect(Array.from(same.dataSync())).toEqual([1, -2, 3, 4]);
    tf.dispose([x, padded, same]);
  });
});
