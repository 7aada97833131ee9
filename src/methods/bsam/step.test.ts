import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import { flat, LINEAR_ONE_EXAMPLE, PLAIN_STEP, runSteps, sigmoid } from '../../testing/stepHarness';
import { bilateralDirection, bsamRhoMin } from './step';

describe('BSAM', () => {
  it('combines the three gradients as g_max + g - (‖g_max‖/‖g_min‖)·g_min', async () => {
    // g = [1 | 0], g_max = [2 | 1], g_min = [0 | 2] (two tensors): ‖g_max‖/‖g_min‖ = √5/2,
    // so the direction is [2 + 1 - 0 | 1 + 0 - √5] = [3 | -1.236068].
    const direction = tf.tidy(() =>
      bilateralDirection(
        [tf.tensor1d([1]), tf.tensor1d([0])],
        [tf.tensor1d([2]), tf.tensor1d([1])],
        [tf.tensor1d([0]), tf.tensor1d([2])],
      ),
    );
    const [first, second] = await flat(direction);
    expect(first).toBeCloseTo(3, 5);
    expect(second).toBeCloseTo(1 - Math.sqrt(5), 5);
    tf.dispose(direction);
  });

  it('probes w + ρ_max·ĝ and w - ρ_min·ĝ on the one-example problem', async () => {
    // Weights a·v with v = [-1, 1 | -1, 1], u = 4a, gradient σ(u)·v, ‖v‖ = 2; at w = 0, g = .5v, ĝ = v/2.
    // w + .05·ĝ: a = .025, g_max = σ(.1)·v; w - .05·ĝ: a = -.025, g_min = σ(-.1)·v. The ratio
    // ‖g_max‖/‖g_min‖ = σ(.1)/σ(-.1) cancels g_max exactly: the direction is g = .5v, w = -.05v.
    // SAM would step by .1·σ(.1) = .0524979 instead; L(w + e_max) = log(1 + e^.1).
    const { metrics, after } = await runSteps('bsam', LINEAR_ONE_EXAMPLE, {
      ...PLAIN_STEP,
      bsamRhoMin: 0.05,
    });
    after.params.forEach((value, i) => {
      expect(value).toBeCloseTo(i % 2 === 0 ? 0.05 : -0.05, 7);
    });
    expect(metrics[0]?.perturbedLoss).toBeCloseTo(Math.log(1 + Math.exp(0.1)), 6);
    expect(metrics[0]?.bsamRhoMin).toBeCloseTo(0.05, 7);
    expect(sigmoid(0.1) / sigmoid(-0.1)).not.toBeCloseTo(1, 2);
  });

  it('shrinks ρ_min to 0 with the learning rate', () => {
    // Cosine to 0 from η = .1: at η_t = .025, ρ_min,t = .05·.025/.1.
    const schedule = { ...DEFAULT_HYPERPARAMS.schedule, kind: 'cosine' as const, floor: 0 };
    const hparams = { ...DEFAULT_HYPERPARAMS, lr: 0.1, bsamRhoMin: 0.05, schedule };
    expect(bsamRhoMin({ hparams, lr: 0.025 })).toBeCloseTo(0.0125, 10);
    expect(bsamRhoMin({ hparams, lr: 0 })).toBe(0);
    expect(bsamRhoMin({ hparams: { ...hparams, schedule: DEFAULT_HYPERPARAMS.schedule }, lr: 0.1 })).toBe(
      0.05,
    );
  });
});
