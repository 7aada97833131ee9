import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS, type Hyperparams } from '../../config/optimizers';
import { flat, PLAIN_STEP, type Problem, runSteps } from '../../testing/stepHarness';
import { gsamDirection, gsamRho } from './step';

const hparams = (patch: Partial<Hyperparams>): Hyperparams => ({ ...DEFAULT_HYPERPARAMS, ...patch });

describe('GSAM descent direction', () => {
  it('removes α times the part of g orthogonal to g_p, over all tensors together', async () => {
    // g = [3 | 4], g_p = [2 | 0] (two tensors): ⟨g, g_p⟩/‖g_p‖² = 6/4, so g = 1.5·g_p + g_⊥ with
    // g_⊥ = [0 | 4]. α = .5: g_p - α·g_⊥ = [2 | -2].
    const direction = tf.tidy(() =>
      gsamDirection([tf.tensor1d([3]), tf.tensor1d([4])], [tf.tensor1d([2]), tf.tensor1d([0])], 0.5),
    );
    const [first, second] = await flat(direction);
    expect(first).toBeCloseTo(2, 5);
    expect(second).toBeCloseTo(-2, 5);
    tf.dispose(direction);
  });

  it('is g_p itself when g is parallel to g_p, whatever α', async () => {
    const direction = tf.tidy(() => gsamDirection([tf.tensor1d([1, 2])], [tf.tensor1d([3, 6])], 0.4));
    const values = await flat(direction);
    expect(values[0]).toBeCloseTo(3, 5);
    expect(values[1]).toBeCloseTo(6, 5);
    tf.dispose(direction);
  });
});

describe('GSAM ρ_t', () => {
  it('moves between ρ_min and ρ_max in proportion to the learning rate', () => {
    // Cosine from η = .1 to a floor of .01: at η_t = .055 the ratio is .5, so ρ_t = .02 + .5·(.05 - .02).
    const patch = {
      lr: 0.1,
      rho: 0.05,
      gsamRhoMin: 0.02,
      schedule: { ...DEFAULT_HYPERPARAMS.schedule, kind: 'cosine' as const, floor: 0.1 },
    };
    expect(gsamRho({ hparams: hparams(patch), lr: 0.055 })).toBeCloseTo(0.035, 10);
    expect(gsamRho({ hparams: hparams(patch), lr: 0.1 })).toBeCloseTo(0.05, 10);
    expect(gsamRho({ hparams: hparams(patch), lr: 0.01 })).toBeCloseTo(0.02, 10);
  });

  it('stays at ρ_max under a constant learning rate, as the reference scheduler', () => {
    expect(gsamRho({ hparams: hparams({ rho: 0.07, gsamRhoMin: 0.01 }), lr: 0.05 })).toBe(0.07);
  });

  it("takes a step-decay schedule's lowest rate from the run length", () => {
    // η = .1, ×.1 every 100 steps, 250 steps: the last step's rate is .001; at η_t = .01 the ratio is
    // (.01 - .001)/(.1 - .001) = 1/11.
    const schedule = { ...DEFAULT_HYPERPARAMS.schedule, kind: 'step' as const, every: 100, factor: 0.1 };
    const h = hparams({ lr: 0.1, rho: 0.05, gsamRhoMin: 0.016, schedule });
    expect(gsamRho({ hparams: h, lr: 0.01, totalSteps: 250 })).toBeCloseTo(0.016 + 0.034 / 11, 10);
  });
});

describe('GSAM step', () => {
  // Two examples whose gradients at w and at w+e are not parallel, so g_⊥ ≠ 0.
  const problem: Problem = {
    layers: [{ type: 'dense', units: 3, activation: 'linear' }],
    inputs: [
      [1, -0.5],
      [0.3, 2],
    ],
    labels: [0, 2],
    numClasses: 3,
    weights: 4,
  };

  it('is SAM with α = 0 and differs from it with α > 0', async () => {
    const sam = await runSteps('sam', problem, PLAIN_STEP);
    const gsamPlain = await runSteps('gsam', problem, { ...PLAIN_STEP, gsamRhoMin: 0.05, gsamAlpha: 0 });
    const gsam = await runSteps('gsam', problem, { ...PLAIN_STEP, gsamRhoMin: 0.05, gsamAlpha: 0.4 });
    gsamPlain.after.params.forEach((value, i) => {
      expect(value).toBeCloseTo(sam.after.params[i] as number, 7);
    });
    expect(gsam.after.params).not.toEqual(gsamPlain.after.params);
    // The perturbation and its metrics are SAM's; ρ_t is reported.
    expect(gsam.metrics[0]?.perturbedLoss).toBeCloseTo(sam.metrics[0]?.perturbedLoss as number, 6);
    expect(gsam.metrics[0]?.rho).toBeCloseTo(0.05, 7);
  });
});
