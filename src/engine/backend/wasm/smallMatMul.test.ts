import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { onWasmWithLeakChecks, rng } from '../../../testing/kernelChecks';
import { fusedMatMulKernel, SMALL_MATMUL_MACS, smallMatMul } from './smallMatMul';
import { free, type Info, run, transpose } from './wasmOps';

onWasmWithLeakChecks();

const read = (info: Info): number[] => {
  const tensor = tf.engine().makeTensorFromTensorInfo(info);
  const values = Array.from(tensor.dataSync());
  tensor.dispose();
  return values;
};

/** XNNPACK's product (the stock kernel, operands transposed in memory first). */
function xnnpack(bk: BackendWasm, a: Info, b: Info, transposeA: boolean, transposeB: boolean): number[] {
  const aN = transposeA ? transpose(bk, a, [0, 2, 1]) : a;
  const bN = transposeB ? transpose(bk, b, [0, 2, 1]) : b;
  const out = read(run(bk, tf.BatchMatMul, { a: aN, b: bN }, { transposeA: false, transposeB: false }));
  if (transposeA) free(bk, aN);
  if (transposeB) free(bk, bN);
  return out;
}

describe('small matrix products on the calling thread (WASM)', () => {
  it("equal XNNPACK's bit for bit, every transpose, the dense layers' shapes and odd ones", () => {
    const bk = tf.backend() as BackendWasm;
    const r = rng(21);
    for (const [m, k, n] of [
      [64, 32, 10],
      [64, 10, 32],
      [32, 64, 10],
      [1, 1, 1],
      [7, 13, 5],
      [3, 200, 9],
    ] as const)
      for (const transposeA of [false, true])
        for (const transposeB of [false, true]) {
          const a = tf.tensor3d(
            Float32Array.from({ length: m * k }, () => r() * 4),
            transposeA ? [1, k, m] : [1, m, k],
          );
          const b = tf.tensor3d(
            Float32Array.from({ length: k * n }, () => r() * 4),
            transposeB ? [1, n, k] : [1, k, n],
          );
          const label = JSON.stringify({ m, k, n, transposeA, transposeB });
          const mine = smallMatMul(bk, a, b, transposeA, transposeB);
          expect(mine, label).not.toBeNull();
          expect(read(mine as Info), label).toEqual(xnnpack(bk, a, b, transposeA, transposeB));
          expect(tf.matMul(a, b, transposeA, transposeB).shape, label).toEqual([1, m, n]);
          tf.dispose([a, b]);
        }
  });

  it("with a bias (a dense layer's forward pass), equals XNNPACK's fused product bit for bit; activations go stock", () => {
    const bk = tf.backend() as BackendWasm;
    const r = rng(22);
    const [m, k, n] = [64, 32, 10];
    const values = (length: number) => Float32Array.from({ length }, () => r() * 4);
    const [a, b, bias] = [
      tf.tensor3d(values(m * k), [1, m, k]),
      tf.tensor3d(values(k * n), [1, k, n]),
      tf.tensor1d(values(n)),
    ];
    const fused = (activation: string) =>
      read(
        fusedMatMulKernel({
          inputs: { a, b, bias },
          backend: bk,
          attrs: { transposeA: false, transposeB: false, activation } as unknown as tf.NamedAttrMap,
        }) as Info,
      );
    const stock = (activation: string) =>
      read(run(bk, tf._FusedMatMul, { a, b, bias }, { transposeA: false, transposeB: false, activation }));
    expect(read(smallMatMul(bk, a, b, false, false, bias) as Info)).toEqual(stock('linear'));
    expect(fused('linear')).toEqual(stock('linear'));
    expect(fused('relu')).toEqual(stock('relu'));
    tf.dispose([a, b, bias]);
  });

  it('leaves large, batched and integer products to the other kernels', () => {
    const bk = tf.backend() as BackendWasm;
    const side = Math.ceil(Math.cbrt(SMALL_MATMUL_MACS)) + 1;
    const [big, batched, ints] = [tf.ones([side, side]), tf.ones([2, 3, 3]), tf.ones([3, 3], 'int32')];
    expect(smallMatMul(bk, big, big, false, false)).toBeNull();
    expect(smallMatMul(bk, batched, batched, false, false)).toBeNull();
    expect(smallMatMul(bk, ints, ints, false, false)).toBeNull();
    tf.dispose([big, batched, ints]);
  });
});
