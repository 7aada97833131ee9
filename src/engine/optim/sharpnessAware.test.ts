import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { DEFAULT_HYPERPARAMS, type Hyperparams, type OptimizerName } from '../../config/optimizers';
import { smoothedTargets } from '../metrics/loss';
import { buildModel, type TrainableModel } from '../model/build';
import { assignParams, initialWeights } from '../model/init';
import { createOptimizer } from './registry';
import type { StepScalars } from './types';

const TWO_PASS = ['sam', 'bisam-tanh', 'bisam-log'] as const;
const LINEAR: LayerSpec[] = [{ type: 'dense', units: 2, activation: 'linear' }];
const WITH_BATCH_NORM: LayerSpec[] = [
  { type: 'dense', units: 6, activation: 'relu' },
  { type: 'batchNorm' },
  { type: 'dense', units: 3, activation: 'linear' },
];

async function read(scalars: StepScalars): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(scalars).map(async ([k, t]) => [k, (await t.data())[0] as number] as const),
  );
  tf.dispose(Object.values(scalars));
  return Object.fromEntries(entries);
}

async function flat(tensors: readonly tf.Tensor[]): Promise<number[]> {
  return (await Promise.all(tensors.map((t) => t.data()))).flatMap((d) => [...d]);
}

/** One step of `name` on a fresh model; returns the metrics, the weights and BN state after it. */
async function oneStep(
  name: OptimizerName,
  setup: {
    layers: LayerSpec[];
    inputs: number[][];
    labels: number[];
    numClasses: number;
    weights?: 'zero' | number;
  },
  patch: Partial<Hyperparams>,
  lr = 0.1,
) {
  const model = buildModel(setup.layers, [setup.inputs[0]?.length ?? 0], setup.numClasses);
  const seed = setup.weights ?? 'zero';
  assignParams(
    model,
    seed === 'zero' ? model.params.map((p) => new Float32Array(p.size)) : initialWeights(model, seed),
  );
  const before = { params: await flat(model.params), state: await flat(model.stateVariables) };
  const optimizer = createOptimizer(name, model);
  const x = tf.tensor2d(setup.inputs);
  const labels = tf.tensor1d(setup.labels, 'int32');
  const targets = smoothedTargets(labels, setup.numClasses, 0);
  const hparams = { ...DEFAULT_HYPERPARAMS, ...patch };
  const metrics = await read(optimizer.step({ batch: { x, labels, targets }, hparams, lr, step: 0 }));
  const after = { params: await flat(model.params), state: await flat(model.stateVariables) };
  tf.dispose([x, labels, targets]);
  optimizer.dispose();
  model.dispose();
  return { metrics, before, after };
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
    expect(metrics.q).toBeUndefined();
    // First step from zero buffers: w = 0 - .1·g_d.
    for (const [i, value] of after.params.entries())
      expect(value).toBeCloseTo(i % 2 === 0 ? 0.05249792 : -0.05249792, 7);
  });

  it('BiSAM (-log) ascends ∇Q: ‖g_a‖ = 1 - 1/e and Q = log 2 at zero logits', async () => {
    // Margins are all 0, φ = 0, so Q = log(e⁰ + e⁰) = log 2. ∂Q/∂m_1 = softmax(φ)_1·φ'(0) = .5·sigmoid(γ)
    // = .5·(1 - 1/e); m_1 = z_1 - z_0 gives ∂Q/∂z = ±.5·(1 - 1/e) and the same for kernel and bias:
    // ‖g_a‖ = 2·.5·(1 - 1/e) = .6321206. Its direction is CE's, so e, L(w+e) and the step equal SAM's.
    const { metrics, after } = await oneStep('bisam-log', HAND, PLAIN);
    expect(metrics.q).toBeCloseTo(Math.log(2), 6);
    expect(metrics.loss).toBeCloseTo(Math.log(2), 6);
    expect(metrics.ascentGradNorm).toBeCloseTo(1 - 1 / Math.E, 6);
    expect(metrics.perturbationNorm).toBeCloseTo(0.05, 6);
    expect(metrics.perturbedLoss).toBeCloseTo(0.7443967, 6);
    for (const [i, value] of after.params.entries())
      expect(value).toBeCloseTo(i % 2 === 0 ? 0.05249792 : -0.05249792, 7);
  });

  it('BiSAM (tanh) ascends ∇Q: ‖g_a‖ = α at zero logits', async () => {
    // φ'(0) = α: ∂Q/∂z = ±.5·α, four entries → ‖g_a‖ = 2·.5·α = α.
    const { metrics } = await oneStep('bisam-tanh', HAND, { ...PLAIN, alpha: 0.3 });
    expect(metrics.ascentGradNorm).toBeCloseTo(0.3, 6);
    expect(metrics.q).toBeCloseTo(Math.log(2), 6);
  });
});

describe.each(TWO_PASS)('%s', (name) => {
  const problem = {
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
    assignParams(model, initialWeights(model, problem.weights));
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
