import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { smoothedTargets } from './loss';
import { perturbationEffect } from './sharpness';

describe('perturbationEffect', () => {
  it('counts flips (right → wrong) separately from the net change in error rate', async () => {
    // Labels [0,0,1,1]. Clean predictions [0,1,1,1]: correct [1,0,1,1]. Perturbed [1,0,0,1]: correct [0,1,0,1].
    // Flips (right → wrong): examples 0 and 2 → 2/4. Error 1/4 → 2/4: change +1/4 (example 1 was fixed).
    const effect = tf.tidy(() => {
      const labels = tf.tensor1d([0, 0, 1, 1], 'int32');
      const targets = smoothedTargets(labels, 2, 0);
      const cleanLogits = tf.tensor2d([
        [1, 0],
        [0, 1],
        [0, 1],
        [0, 1],
      ]);
      const perturbedLogits = tf.tensor2d([
        [0, 1],
        [1, 0],
        [1, 0],
        [0, 1],
      ]);
      // CE of logits ±1: log(1 + e^-1) = .313262 when right, log(1 + e) = 1.313262 when wrong.
      const loss = tf.scalar((3 * 0.313262 + 1.313262) / 4);
      return perturbationEffect({ logits: cleanLogits, loss }, perturbedLogits, labels, targets);
    });
    const [perturbedLoss, sharpness, errorRateChange, flipRate] = await Promise.all(
      [effect.perturbedLoss, effect.sharpness, effect.errorRateChange, effect.flipRate].map(
        async (t) => (await t.data())[0],
      ),
    );
    expect(perturbedLoss).toBeCloseTo((0.313262 + 1.313262) / 2, 5);
    // One more wrong example in four, each wrong one costing exactly 1 more than a right one: +.25.
    expect(sharpness).toBeCloseTo(0.25, 5);
    expect(errorRateChange).toBeCloseTo(0.25, 6);
    expect(flipRate).toBeCloseTo(0.5, 6);
    tf.dispose(Object.values(effect));
  });
});
