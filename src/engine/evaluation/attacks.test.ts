import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { buildModel } from '../model/build';
import { assignParams, initialWeights } from '../model/init';
import { createRng, uniformArray } from '../random';
import { fgsmAttack, inferenceClassifier, pgdAttack } from './attacks';

const normalisation = { mean: 0.3, std: 0.5 };

describe('fgsmAttack', () => {
  it('equals the closed form clip(x + ε·sign(W(p − y)), 0, 1) on a linear model', async () => {
    // Logits z = Wᵀ(x − m)/s + b, so ∇ₓ CE = W(softmax(z) − onehot(y))/s and s > 0 keeps the sign.
    const layers: LayerSpec[] = [{ type: 'flatten' }, { type: 'dense', units: 3, activation: 'linear' }];
    const model = buildModel(layers, [2, 2, 1], 3);
    const rng = createRng(5);
    const kernel = uniformArray(12, -1, 1, rng); // 4 inputs × 3 classes, row-major [in, out]
    const bias = uniformArray(3, -0.5, 0.5, rng);
    assignParams(model, [kernel, bias]);
    // Pixels at 0 and 1 check the clipping; two examples with different labels.
    const pixels = [
      [0, 0.5, 1, 0.25],
      [0.9, 0.05, 0.6, 1],
    ];
    const labels = [2, 0];
    const epsilon = 0.1;
    const attacked = tf.tidy(() =>
      fgsmAttack(
        inferenceClassifier(model, normalisation),
        tf.tensor4d(pixels.flat(), [2, 2, 2, 1]),
        tf.tensor1d(labels, 'int32'),
        epsilon,
      ),
    );
    const actual = [...(await attacked.data())];
    attacked.dispose();
    const expected = pixels.flatMap((x, n) => {
      const z = [0, 1, 2].map(
        (k) =>
          (bias[k] as number) +
          x.reduce((s, xi, i) => s + (kernel[i * 3 + k] as number) * ((xi - 0.3) / 0.5), 0),
      );
      const norm = z.reduce((s, zk) => s + Math.exp(zk), 0);
      const residual = z.map((zk, k) => Math.exp(zk) / norm - (k === labels[n] ? 1 : 0));
      return x.map((xi, i) => {
        const gradient = residual.reduce((s, r, k) => s + (kernel[i * 3 + k] as number) * r, 0);
        return Math.min(1, Math.max(0, xi + epsilon * Math.sign(gradient)));
      });
    });
    for (const [i, value] of actual.entries()) expect(value).toBeCloseTo(expected[i] as number, 6);
    model.dispose();
  });
});

describe('pgdAttack', () => {
  it('never leaves the ε-ball around x nor the pixel range [0, 1]', async () => {
    const layers: LayerSpec[] = [
      { type: 'conv2d', filters: 3, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 4, activation: 'linear' },
    ];
    const model = buildModel(layers, [6, 6, 1], 4);
    assignParams(model, initialWeights(model, 11));
    const rng = createRng(2);
    // Half the pixels at the ends of the range, so the clip to [0, 1] is exercised, not just the ball.
    const x = Float32Array.from({ length: 8 * 36 }, (_, i) => (i % 4 === 0 ? 0 : i % 4 === 1 ? 1 : rng()));
    const directions = uniformArray(x.length, -1, 1, rng);
    const epsilon = 8 / 255;
    const attacked = tf.tidy(() =>
      pgdAttack(
        inferenceClassifier(model, normalisation),
        tf.tensor4d(x, [8, 6, 6, 1]),
        tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32'),
        tf.tensor4d(directions, [8, 6, 6, 1]),
        epsilon,
        10,
      ),
    );
    const values = (await attacked.data()) as Float32Array;
    attacked.dispose();
    let largestShift = 0;
    values.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      largestShift = Math.max(largestShift, Math.abs(v - (x[i] as number)));
    });
    // float32 rounding of x ± ε may add one ulp near 1 (6e-8), no more.
    expect(largestShift).toBeLessThanOrEqual(epsilon + 1e-7);
    // α = 2.5ε/k over 10 steps: the attack does move pixels all the way to the ball's edge.
    expect(largestShift).toBeGreaterThan(epsilon * 0.99);
    model.dispose();
  });
});
