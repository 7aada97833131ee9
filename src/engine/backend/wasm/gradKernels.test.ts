import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { int, onBoth, pick, relErr, rng } from '../../../testing/kernelChecks';
import { type FilterGradStrategy, filterGradOptions } from './conv2dBackpropFilter';
import { registerWasmGradKernels, WASM_GRAD_KERNEL_NAMES } from './gradKernels';
import { initWasmBackendInNode } from './nodeWasm';

interface ConvCase {
  n: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  k: number;
  s: 1 | 2;
  pad: 'same' | 'valid';
}

function randomConvCases(seed: number, count: number): ConvCase[] {
  const r = rng(seed);
  const cases: ConvCase[] = [];
  while (cases.length < count) {
    const c: ConvCase = {
      n: int(r, 1, 4),
      h: int(r, 5, 9),
      w: int(r, 5, 9),
      ci: int(r, 1, 6),
      co: int(r, 1, 6),
      k: pick(r, [1, 3, 5]),
      s: pick(r, [1, 2] as const),
      pad: pick(r, ['same', 'valid'] as const),
    };
    cases.push(c);
  }
  return cases;
}

beforeAll(async () => {
  const info = await initWasmBackendInNode();
  expect(info.backend).toBe('wasm');
});

describe('wasm training kernels', () => {
  // IS_TEST makes the engine throw when a kernel leaves an unreleased data id behind. (Off for the model tests
  // in gradKernels.training.test.ts: tfjs-core's own customGrad ops, e.g. fused matMul, trip it on wasm.)
  beforeAll(() => tf.env().set('IS_TEST', true));
  afterAll(() => tf.env().set('IS_TEST', false));

  it('registers every kernel a conv net needs for backprop, and registering twice changes nothing', () => {
    const before = WASM_GRAD_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
    registerWasmGradKernels();
    const after = WASM_GRAD_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
    for (const [i, name] of WASM_GRAD_KERNEL_NAMES.entries()) {
      expect(before[i], name).toBeTypeOf('function');
      expect(after[i], name).toBe(before[i]);
    }
    for (const name of [
      'MaxPoolGrad',
      'AvgPoolGrad',
      'FusedBatchNorm',
      'Relu',
      'Step',
      'Softmax',
      'Mean',
      'Sum',
    ]) {
      expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    }
  });

  it.each(['auto', 'conv', 'im2col'] as FilterGradStrategy[])(
    'conv2d input and filter gradients equal the CPU backend to 1e-4 on random shapes (filter strategy %s)',
    async (strategy) => {
      filterGradOptions.strategy = strategy;
      try {
        const r = rng(strategy.length * 7919);
        for (const c of randomConvCases(strategy.length * 104729, 24)) {
          if (c.pad === 'valid' && (c.k > c.h || c.k > c.w)) continue;
          const xv = Float32Array.from({ length: c.n * c.h * c.w * c.ci }, r);
          const wv = Float32Array.from({ length: c.k * c.k * c.ci * c.co }, r);
          const { cpu, wasm } = await onBoth(() => {
            const x = tf.tensor4d(xv, [c.n, c.h, c.w, c.ci]);
            const w = tf.tensor4d(wv, [c.k, c.k, c.ci, c.co]);
            // A non-uniform upstream gradient (square) so every dy entry differs.
            const g = tf.grads((a, b) =>
              tf
                .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad)
                .square()
                .sum(),
            );
            const grads = g([x, w]);
            tf.dispose([x, w]);
            return grads;
          });
          expect(
            relErr(cpu[0] as Float32Array, wasm[0] as Float32Array),
            `dx ${JSON.stringify(c)}`,
          ).toBeLessThan(1e-4);
          expect(
            relErr(cpu[1] as Float32Array, wasm[1] as Float32Array),
            `dW ${JSON.stringify(c)}`,
          ).toBeLessThan(1e-4);
        }
      } finally {
        filterGradOptions.strategy = 'auto';
      }
    },
  );

  it('depthwise conv2d input and filter gradients equal the CPU backend to 1e-4 on random shapes', async () => {
    const r = rng(17);
    for (const c of randomConvCases(23, 16)) {
      if (c.pad === 'valid' && (c.k > c.h || c.k > c.w)) continue;
      const mult = int(r, 1, 2);
      const xv = Float32Array.from({ length: c.n * c.h * c.w * c.ci }, r);
      const wv = Float32Array.from({ length: c.k * c.k * c.ci * mult }, r);
      const { cpu, wasm } = await onBoth(() => {
        const x = tf.tensor4d(xv, [c.n, c.h, c.w, c.ci]);
        const w = tf.tensor4d(wv, [c.k, c.k, c.ci, mult]);
        const g = tf.grads((a, b) =>
          tf
            .depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad)
            .square()
            .sum(),
        );
        const grads = g([x, w]);
        tf.dispose([x, w]);
        return grads;
      });
      expect(relErr(cpu[0] as Float32Array, wasm[0] as Float32Array), `dx ${JSON.stringify(c)}`).toBeLessThan(
        1e-4,
      );
      expect(relErr(cpu[1] as Float32Array, wasm[1] as Float32Array), `dW ${JSON.stringify(c)}`).toBeLessThan(
        1e-4,
      );
    }
  });

  it('sums and means over leading axes (bias gradients, BatchNorm moments) equal the CPU backend to 1e-4', async () => {
    const r = rng(31);
    const shape = [3, 5, 4, 6];
    const xv = Float32Array.from({ length: 360 }, r);
    const axesList: Array<number | number[]> = [[0, 1, 2], 0, [0, 1], [0, 1, 2, 3], [1, 2], -1];
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor(xv, shape);
      const out = axesList.flatMap((axes) => [tf.sum(x, axes), tf.mean(x, axes, true)]);
      x.dispose();
      return out;
    });
    for (let i = 0; i < cpu.length; i++) {
      expect(relErr(cpu[i] as Float32Array, wasm[i] as Float32Array), `#${i}`).toBeLessThan(1e-4);
    }
  });

  it('bias-style broadcasts [..., C] with [C] in add, sub and mul equal the CPU backend exactly', async () => {
    const r = rng(77);
    for (const shape of [
      [8, 16, 16, 16],
      [3, 37, 29, 24],
      [2, 9, 9, 7],
    ]) {
      const c = shape[3] as number;
      const xv = Float32Array.from({ length: tf.util.sizeFromShape(shape) }, r);
      const bv = Float32Array.from({ length: c }, r);
      const { cpu, wasm } = await onBoth(() => {
        const x = tf.tensor(xv, shape);
        const bias = tf.tensor1d(bv);
        const bias4 = bias.reshape([1, 1, 1, c]);
        const out = [
          tf.add(x, bias),
          tf.add(bias4, x),
          tf.sub(x, bias),
          tf.sub(bias, x),
          tf.mul(x, bias4),
          tf.mul(bias, x),
        ];
        tf.dispose([x, bias, bias4]);
        return out;
      });
      for (let i = 0; i < cpu.length; i++)
        expect(relErr(cpu[i] as Float32Array, wasm[i] as Float32Array), `${shape} #${i}`).toBe(0);
    }
  });

  it('matMul gradients with transposed operands equal the CPU backend to 1e-4', async () => {
    const r = rng(99);
    for (const [m, k, n] of [
      [5, 7, 3],
      [64, 40, 10],
      [1, 12, 1],
    ] as const) {
      const av = Float32Array.from({ length: m * k }, r);
      const bv = Float32Array.from({ length: k * n }, r);
      const { cpu, wasm } = await onBoth(() => {
        const a = tf.tensor2d(av, [m, k]);
        const b = tf.tensor2d(bv, [k, n]);
        const g = tf.grads((x, y) =>
          tf
            .matMul(x as tf.Tensor2D, y as tf.Tensor2D)
            .square()
            .sum(),
        );
        const grads = g([a, b]);
        const direct = [tf.matMul(b, a, true, true), tf.matMul(a, b.transpose(), false, true)];
        tf.dispose([a, b]);
        return [...grads, ...direct];
      });
      for (let i = 0; i < cpu.length; i++) {
        expect(relErr(cpu[i] as Float32Array, wasm[i] as Float32Array), `${m}x${k}x${n} #${i}`).toBeLessThan(
          1e-4,
        );
      }
    }
  });

  it('a same-dtype cast shares the buffer (no copy, no leak); other casts still convert', () => {
    const x = tf.tensor1d([-1.5, 0, 2.25]);
    const before = tf.memory().numBytes;
    const same = tf.cast(x, 'float32');
    expect(same.dataId).toBe(x.dataId); // the same buffer (tf.memory() counts it per tensor, like a clone)
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([-1.5, 0, 2.25]);
    const asInt = tf.cast(same, 'int32');
    expect(asInt.dtype).toBe('int32');
    expect(Array.from(asInt.dataSync())).toEqual([-1, 0, 2]);
    const asBool = tf.cast(same, 'bool');
    expect(Array.from(asBool.dataSync())).toEqual([1, 0, 1]);
    tf.dispose([same, asInt, asBool]);
    expect(tf.memory().numBytes).toBe(before - 12);
  });
});
