import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onBoth, onWasmWithLeakChecks, relErr, rng } from '../../../testing/kernelChecks';
import { RELU_GRAD } from './reluGrad';

onWasmWithLeakChecks();

describe('fused ReLU gradient on WASM', () => {
  it('the gradient of tf.relu on WASM is the one fused kernel, not step, cast and multiply', async () => {
    const x = tf.tensor1d([1, -1, 2, 0, 3]);
    const info = await tf.profile(() => tf.grad((a) => tf.relu(a).sum())(x));
    x.dispose();
    expect(info.kernelNames).toContain(RELU_GRAD);
    expect(info.kernelNames).not.toContain('Step');
  });

  it('gives what tfjs CPU gives, value for value: signs, zeros, NaN and infinities, a length not a multiple of 4', async () => {
    const r = rng(3);
    const specials = [0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const length of [1, 3, 4, 7, 64, 1027]) {
      const xv = Float32Array.from({ length }, (_, i) =>
        i % 5 === 0 ? (specials[i % 7] as number) : r() * 2 - 1,
      );
      const dyv = Float32Array.from({ length }, (_, i) =>
        i % 3 === 0 ? (specials[(i + 2) % 7] as number) : r(),
      );
      const { cpu, wasm } = await onBoth(() => {
        const x = tf.tensor1d(xv);
        const dy = tf.tensor1d(dyv);
        const [dx] = tf.grads((a) => tf.relu(a))([x], dy);
        tf.dispose([x, dy]);
        return [dx as tf.Tensor];
      });
      expect(Array.from(wasm[0] as Float32Array), `length ${length}`).toEqual(
        Array.from(cpu[0] as Float32Array),
      );
    }
  });

  it('second order (a Hessian-vector product through ReLU layers) equals tfjs CPU', async () => {
    const r = rng(4);
    const xv = Float32Array.from({ length: 6 * 5 }, () => r() * 2 - 1);
    const wv = Float32Array.from({ length: 5 * 7 }, () => r() * 2 - 1);
    const vv = Float32Array.from({ length: 5 * 7 }, () => r() * 2 - 1);
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor2d(xv, [6, 5]);
      const w = tf.tensor2d(wv, [5, 7]);
      const v = tf.tensor2d(vv, [5, 7]);
      const loss = (a: tf.Tensor) =>
        tf
          .relu(tf.matMul(x, a as tf.Tensor2D))
          .square()
          .sum();
      // ∇(∇L · v): differentiates through the fused kernel's own gradient.
      const hv = tf.grad((a) => tf.sum(tf.mul(tf.grad(loss)(a), v)))(w);
      tf.dispose([x, w, v]);
      return [hv];
    });
    expect(relErr(cpu[0] as Float32Array, wasm[0] as Float32Array)).toBeLessThan(1e-5);
  });
});
