import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import type { Hyperparams } from '../../config/optimizers';
import { buildModel, type TrainableModel } from '../../engine/model/build';
import { assignParams, initialWeights } from '../../engine/model/init';
import { flat, type Problem, runSteps } from '../../testing/stepHarness';
import { OPTIMIZER_NAMES, type OptimizerName } from '../metas';

/** Every method with a perturbation (all but SGD). */
const SHARPNESS_AWARE = OPTIMIZER_NAMES.filter((name) => name !== 'sgd');
const LINEAR: LayerSpec[] = [{ type: 'dense', units: 2, activation: 'linear' }];
const WITH_BATCH_NORM: LayerSpec[] = [
  { type: 'dense', units: 6, activation: 'relu' },
  { type: 'batchNorm' },
  { type: 'dense', units: 3, activation: 'linear' },
];

/** One step of `name` on a fresh model; returns the metrics, the weights and BN state after it. */
async function oneStep(name: OptimizerName, problem: Problem, patch: Partial<Hyperparams>, lr = 0.1) {
  const { metrics, before, after } = await runSteps(name, problem, patch, { lr });
  return { metrics: metrics[0] as Record<string, number>, before, after };
}

// One input x = [1], label 0, two classes, all weights 0: logits [0, 0], softmax [.5, .5],
// so ∂L/∂z = [-.5, .5] and kernel and bias gradients are both [-.5, .5]: ‖∇L‖ = 1.
const HAND = { layers: LINEAR, inputs: [[1]], labels: [0], numClasses: 2 };
const PLAIN = { rho: 0.05, momentum: 0.9, weightDecay: 0, adaptive: false };

describe('two-pass methods on a hand-computable model', () => {
  it('SAM perturbs by ρ along ∇L and steps with the gradient at w + e', async () => {
    const { metrics, after } = await oneStep('sam', HAND, PLAIN);
    expect(metrics.loss).toBeCloseTo(Math.log(2), 6);
    expect(metrics.ascentGradNorm).toBeCloseTo(1, 6);
    expect(metrics.perturbationNorm).toBeCloseTo(0.05, 6);
    // e = .05·[-.5, .5] per tensor → w+e gives logits z = [-.05, .05]: L = log(1 + e^.1) = .7443967.
    expect(metrics.perturbedLoss).toBeCloseTo(0.7443967, 6);
    expect(metrics.sharpness).toBeCloseTo(0.7443967 - Math.log(2), 6);
    // The tie at w is class 0 (right); at w+e class 1 wins (wrong): one flip in one example.
    expect(metrics.accuracy).toBe(1);
    expect(metrics.flipRate).toBe(1);
    expect(metrics.errorRateChange).toBe(1);
    // g_d = softmax(z) - onehot = [-.5249792, .5249792] per tensor, parallel to g_a: cosine 1.
    expect(metrics.gradCosine).toBeCloseTo(1, 6);
    expect(metrics.bisamQ).toBeUndefined();
    // First step from zero buffers: w = 0 - .1·g_d.
    for (const [i, value] of after.params.entries())
      expect(value).toBeCloseTo(i % 2 === 0 ? 0.05249792 : -0.05249792, 7);
  });

  it('BiSAM (-log) ascends ∇Q: ‖g_a‖ = 1 - 1/e and Q = log 2 at zero logits', async () => {
    // Margins are all 0, φ = 0, so Q = log(e⁰ + e⁰) = log 2. ∂Q/∂m_1 = softmax(φ)_1·φ'(0) = .5·sigmoid(γ)
    // = .5·(1 - 1/e); m_1 = z_1 - z_0 gives ∂Q/∂z = ±.5·(1 - 1/e) and the same for kernel and bias:
    // ‖g_a‖ = 2·.5·(1 - 1/e) = .6321206. Its direction is CE's, so e, L(w+e) and the step equal SAM's.
    const { metrics, after } = await oneStep('bisam-log', HAND, PLAIN);
    expect(metrics.bisamQ).toBeCloseTo(Math.log(2), 6);
    expect(metrics.loss).toBeCloseTo(Math.log(2), 6);
    expect(metrics.ascentGradNorm).toBeCloseTo(1 - 1 / Math.E, 6);
    expect(metrics.perturbationNorm).toBeCloseTo(0.05, 6);
    expect(metrics.perturbedLoss).toBeCloseTo(0.7443967, 6);
    for (const [i, value] of after.params.entries())
      expect(value).toBeCloseTo(i % 2 === 0 ? 0.05249792 : -0.05249792, 7);
  });

  it('BiSAM (tanh) ascends ∇Q: ‖g_a‖ = α at zero logits', async () => {
    // φ'(0) = α: ∂Q/∂z = ±.5·α, four entries → ‖g_a‖ = 2·.5·α = α.
    const { metrics } = await oneStep('bisam-tanh', HAND, { ...PLAIN, bisamAlpha: 0.3 });
    expect(metrics.ascentGradNorm).toBeCloseTo(0.3, 6);
    expect(metrics.bisamQ).toBeCloseTo(Math.log(2), 6);
  });
});

describe.each(SHARPNESS_AWARE)('%s', (name) => {
  const problem: Problem = {
    layers: WITH_BATCH_NORM,
    inputs: [
      [0.5, -1, 2],
      [1.5, 0.2, -0.3],
      [-0.8, 0.4, 1.1],
      [0.1, -0.6, -1.4],
    ],
    labels: [0, 2, 1, 2],
    numClasses: 3,
    weights: 5,
  };

  it('keeps weight decay out of the ascent gradient', async () => {
    const without = await oneStep(name, problem, { ...PLAIN, weightDecay: 0 });
    const withDecay = await oneStep(name, problem, { ...PLAIN, weightDecay: 0.1 });
    // λw = .1·w is far from negligible here, so g_a + λw would change ‖g_a‖ and e.
    expect(withDecay.metrics.ascentGradNorm).toBe(without.metrics.ascentGradNorm);
    expect(withDecay.metrics.perturbedLoss).toBe(without.metrics.perturbedLoss);
    expect(withDecay.after.params).not.toEqual(without.after.params);
  });

  it('leaves the weights bitwise unchanged with lr 0 (w is restored by assignment)', async () => {
    const { before, after } = await oneStep(name, problem, { ...PLAIN, rho: 0.5 }, 0);
    expect(after.params).toEqual(before.params);
  });

  it('updates the BatchNorm moving statistics once per step, from the clean pass', async () => {
    const { after } = await oneStep(name, problem, PLAIN);
    // Reference: the same model after one training-mode forward pass at w (no perturbation).
    const model: TrainableModel = buildModel(problem.layers, [3], 3);
    assignParams(model, initialWeights(model, problem.weights as number));
    const initial = await flat(model.stateVariables);
    tf.tidy(() => {
      model.logits(tf.tensor2d(problem.inputs), true);
    });
    const once = await flat(model.stateVariables);
    model.dispose();
    expect(once).not.toEqual(initial);
    after.state.forEach((value, i) => {
      expect(value).toBeCloseTo(once[i] as number, 6);
    });
  });
});

describe.each(['sam', 'bisam-log'] as const)('m-sharpness (%s)', (name) => {
  const inputs = [
    [0.5, -1],
    [1.5, 0.2],
    [-0.8, 0.4],
    [0.1, -0.6],
  ];
  const labels = [0, 2, 1, 2];
  const linear: Problem = {
    layers: [{ type: 'dense', units: 3, activation: 'linear' }],
    inputs,
    labels,
    numClasses: 3,
    weights: 9,
  };

  it('steps with the mean of the per-group gradients, each group with its own perturbation', async () => {
    // m = 2 on four examples: groups {0, 1} and {2, 3}. Without momentum the step is -η·g_d, so the
    // m-sharpness step is the mean of the steps the method takes on each group alone.
    const grouped = await runSteps(name, linear, { ...PLAIN, momentum: 0, m: 2 });
    const first = await runSteps(
      name,
      { ...linear, inputs: inputs.slice(0, 2), labels: labels.slice(0, 2) },
      { ...PLAIN, momentum: 0 },
    );
    const second = await runSteps(
      name,
      { ...linear, inputs: inputs.slice(2), labels: labels.slice(2) },
      { ...PLAIN, momentum: 0 },
    );
    grouped.after.params.forEach((value, i) => {
      const w0 = grouped.before.params[i] as number;
      const meanStep = ((first.after.params[i] as number) - w0 + (second.after.params[i] as number) - w0) / 2;
      expect(value).toBeCloseTo(w0 + meanStep, 6);
    });
    // ... which is not the full-batch step (one perturbation for all four).
    const full = await runSteps(name, linear, { ...PLAIN, momentum: 0 });
    expect(full.after.params.some((v, i) => Math.abs(v - (grouped.after.params[i] as number)) > 1e-5)).toBe(
      true,
    );
    // Metrics: the loss is the batch's; ‖e‖ is each group's ρ.
    expect(grouped.metrics[0]?.loss).toBeCloseTo(full.metrics[0]?.loss as number, 6);
    expect(grouped.metrics[0]?.perturbationNorm).toBeCloseTo(0.05, 6);
  });

  it('is off for m = 0 and for m at least the batch size', async () => {
    const off = await runSteps(name, linear, PLAIN);
    const whole = await runSteps(name, linear, { ...PLAIN, m: 4 });
    const larger = await runSteps(name, linear, { ...PLAIN, m: 64 });
    expect(whole.after.params).toEqual(off.after.params);
    expect(larger.after.params).toEqual(off.after.params);
  });

  it("leaves BatchNorm's moving mean as one update with the batch mean", async () => {
    // Equal groups: the mean of the groups' means is the batch mean, so averaging the groups' updated
    // statistics equals one clean pass over the whole batch (applying each in turn would not).
    const problem: Problem = {
      layers: WITH_BATCH_NORM,
      inputs: inputs.map((r) => [...r, 1]),
      labels,
      numClasses: 3,
      weights: 5,
    };
    const { after } = await runSteps(name, problem, { ...PLAIN, m: 2 });
    const model: TrainableModel = buildModel(problem.layers, [3], 3);
    assignParams(model, initialWeights(model, 5));
    tf.tidy(() => {
      model.logits(tf.tensor2d(problem.inputs), true);
    });
    const once = await flat(model.stateVariables);
    model.dispose();
    // The first six state entries are the BatchNorm moving mean.
    for (let i = 0; i < 6; i++) expect(after.state[i]).toBeCloseTo(once[i] as number, 6);
  });
});
