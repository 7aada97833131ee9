import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { ADVERSARIES } from '../../config/probes';
import { commonRhoSharpness } from './commonRho';
import { noCost, ProbeEvaluator } from './evaluator';
import { ProbeBatch } from './probeBatch';
import { drain } from './testQuadratic';

const LINEAR: LayerSpec[] = [{ type: 'dense', units: 2, activation: 'linear' }];

describe('common-ρ sharpness', () => {
  it('moves every adversary by ρ from zero weights and flips the one example (hand-computed)', async () => {
    // x = [1], label 0, all weights 0: logits [0, 0], the tie counts as right (arg-max picks 0).
    // CE's gradient is ±.5 on kernel and bias, so e = ρ/2·[−1, 1] per tensor and z(w+e) = [−ρ, ρ]:
    // L = log(1 + e^{2ρ}) = .7443967 for ρ = .05, class 1 wins, one flip. At zero margins Q_tanh's and
    // Q_log's gradients are CE's times .5α and .5(1 − 1/e): the same direction, so the same effect.
    const batch = new ProbeBatch([{ x: tf.tensor2d([[1]]), labels: tf.tensor1d([0], 'int32') }], 2);
    const evaluator = new ProbeEvaluator(LINEAR, [1], batch);
    const weights = [tf.zeros([1, 2]), tf.zeros([2])];
    const settings = { rho: 0.05, mu: 1, alpha: 0.1, smoothing: 0 };
    const result = await drain(commonRhoSharpness(evaluator, weights, settings, noCost()));
    for (const adversary of ADVERSARIES) {
      expect(result[adversary].lossIncrease).toBeCloseTo(0.7443967 - Math.log(2), 6);
      expect(result[adversary].errorIncrease).toBe(1);
      expect(result[adversary].flips).toBe(1);
    }
    evaluator.dispose();
    batch.dispose();
    tf.dispose(weights);
  });

  it('sums flips over chunks and averages the loss increase over the probe batch', async () => {
    // Two chunks: the example above, and one with label 1 whose tie is wrong at w and stays wrong
    // (its ascent pushes class 0 up), so the flips stay 1 while ΔL is the mean of two equal rises.
    const chunk = (label: number) => ({ x: tf.tensor2d([[1]]), labels: tf.tensor1d([label], 'int32') });
    const batch = new ProbeBatch([chunk(0), chunk(1)], 2);
    const evaluator = new ProbeEvaluator(LINEAR, [1], batch);
    const weights = [tf.zeros([1, 2]), tf.zeros([2])];
    const result = await drain(
      commonRhoSharpness(evaluator, weights, { rho: 0.05, mu: 1, alpha: 0.1, smoothing: 0 }, noCost()),
    );
    expect(result.ce.flips).toBe(1);
    expect(result.ce.errorIncrease).toBeCloseTo(0.5, 6);
    expect(result.ce.lossIncrease).toBeCloseTo(0.7443967 - Math.log(2), 6);
    evaluator.dispose();
    batch.dispose();
    tf.dispose(weights);
  });
});
