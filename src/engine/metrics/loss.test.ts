import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { crossEntropy, smoothedTargets } from './loss';

describe('smoothed cross-entropy', () => {
  it('puts 1-s on the true class and s/(K-1) on the others', async () => {
    const labels = tf.tensor1d([2], 'int32');
    const targets = smoothedTargets(labels, 4, 0.3);
    expect([...(await targets.data())].map((v) => Number(v.toFixed(6)))).toEqual([0.1, 0.1, 0.7, 0.1]);
    tf.dispose([labels, targets]);
  });

  it('equals -Σ t log softmax(z) on hand-made logits', async () => {
    // z = [0, ln 3]: softmax = [.25, .75]; t = [.8, .2] for label 0, s=.2, K=2.
    // L = -(.8·ln .25 + .2·ln .75)
    const labels = tf.tensor1d([0], 'int32');
    const targets = smoothedTargets(labels, 2, 0.2);
    const logits = tf.tensor2d([[0, Math.log(3)]]);
    const loss = crossEntropy(logits, targets);
    expect((await loss.data())[0]).toBeCloseTo(-(0.8 * Math.log(0.25) + 0.2 * Math.log(0.75)), 5);
    tf.dispose([labels, targets, logits, loss]);
  });
});
