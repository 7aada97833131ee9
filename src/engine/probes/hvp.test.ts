import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { globalNorm } from '../../methods/common/gradients';
import { crossEntropy, smoothedTargets } from '../metrics/loss';
import { buildModel } from '../model/build';
import { assignParams, initialWeights } from '../model/init';
import { createRng } from '../random';
import { noCost, ProbeEvaluator } from './evaluator';
import { finiteDifferenceHvp } from './hvp';
import { ProbeBatch, type ProbeChunk } from './probeBatch';
import { gaussianTensors, unitNormalised } from './randomVectors';
import { doubleBackpropHvp, twiceDifferentiableCrossEntropy } from './secondOrder';
import { drain } from './testQuadratic';

const MLP: LayerSpec[] = [
  { type: 'dense', units: 32, activation: 'relu' },
  { type: 'dense', units: 16, activation: 'relu' },
  { type: 'dense', units: 4, activation: 'linear' },
];
const EXAMPLES = 64;
const FEATURES = 6;

/** A small MLP at seeded weights, its data and a seeded unit direction. */
function setup() {
  const rng = createRng(3);
  const inputs = Array.from({ length: EXAMPLES * FEATURES }, () => rng() * 4 - 2);
  const x = tf.tensor2d(inputs, [EXAMPLES, FEATURES]);
  const labels = tf.tensor1d(
    Array.from({ length: EXAMPLES }, (_, i) => i % 4),
    'int32',
  );
  const model = buildModel(MLP, [FEATURES], 4);
  const weights = initialWeights(model, 1);
  assignParams(model, weights);
  const shapes = model.params.map((p) => [...p.shape]);
  const direction = gaussianTensors(shapes, 5);
  const v = unitNormalised(direction);
  tf.dispose(direction);
  return { x, labels, model, weights: weights.map((w, i) => tf.tensor(w, shapes[i])), v };
}

function relativeError(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): number {
  return tf.tidy(() => {
    const difference = a.map((t, i) => t.sub(b[i] as tf.Tensor));
    return globalNorm(difference).div(globalNorm(b)).dataSync()[0] as number;
  });
}

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe.each(['cpu', 'wasm'])('Hessian-vector products on the %s backend', (backend) => {
  it('by finite differences agree with double backprop on a small ReLU MLP', async () => {
    await tf.setBackend(backend);
    const { x, labels, model, weights, v } = setup();
    const targets = smoothedTargets(labels, 4, 0);
    const exact = doubleBackpropHvp(
      () => twiceDifferentiableCrossEntropy(model.logits(x, true), targets),
      model.params,
      v,
    );
    const evaluator = new ProbeEvaluator(MLP, [FEATURES], new ProbeBatch([{ x, labels }], 4));
    const cost = noCost();
    const gradientAt = (w: readonly tf.Tensor[]) => evaluator.gradient(w, evaluator.trainingLoss(0), cost);
    const operator = finiteDifferenceHvp(gradientAt, weights);
    const approximate = await drain(operator.hvp(v));
    operator.dispose();
    // A kink crossed on both sides or a wrong scale gives O(1).
    expect(relativeError(approximate, exact)).toBeLessThan(1e-2);
    expect(cost.gradientEvaluations).toBe(3);
    evaluator.dispose();
    model.dispose();
    tf.dispose([x, labels, targets, ...weights, ...v, ...exact, ...approximate]);
  });
});

describe('the twice-differentiable cross-entropy', () => {
  it('has the value of the training loss', async () => {
    const { x, labels, model, weights, v } = setup();
    const [mine, reference] = tf.tidy(() => {
      const logits = model.logits(x, true);
      const targets = smoothedTargets(labels, 4, 0.1);
      return [twiceDifferentiableCrossEntropy(logits, targets), crossEntropy(logits, targets)];
    });
    expect((await mine.data())[0]).toBeCloseTo((await reference.data())[0] as number, 6);
    model.dispose();
    tf.dispose([x, labels, mine, reference, ...weights, ...v]);
  });

  it("is needed: tfjs's logSoftmax drops its second-order term (the last bias gets no Hv)", () => {
    const { x, labels, model, weights, v } = setup();
    const targets = smoothedTargets(labels, 4, 0);
    const lastBias = model.params.length - 1;
    const norms = tf.tidy(() => {
      const withTfjs = doubleBackpropHvp(() => crossEntropy(model.logits(x, true), targets), model.params, v);
      const withOurs = doubleBackpropHvp(
        () => twiceDifferentiableCrossEntropy(model.logits(x, true), targets),
        model.params,
        v,
      );
      return [withTfjs, withOurs].map((hv) => tf.norm(hv[lastBias] as tf.Tensor).dataSync()[0] as number);
    });
    expect(norms[0]).toBe(0);
    expect(norms[1]).toBeGreaterThan(1e-3);
    model.dispose();
    tf.dispose([x, labels, targets, ...weights, ...v]);
  });
});

describe('kink-aware finite differences', () => {
  it('ignore a gradient jump on one side: L = w²/2 + relu(w − w₀) with w₀ inside the step', async () => {
    // At w = 0 with w₀ = h/2: ∇L(w+h) jumps by 1, ∇L(w−h) does not. The central difference would
    // give 1 + 1/(2h) = 50001; the backward difference gives the Hessian, 1.
    const h = 1e-5;
    const gradientAt = (w: readonly tf.Tensor[]) =>
      tf.tidy(() => [w[0]?.add(tf.step(w[0].sub(h / 2))) as tf.Tensor]);
    const weights = [tf.tensor1d([0])];
    const v = [tf.tensor1d([1])];
    const operator = finiteDifferenceHvp(gradientAt, weights, h);
    const [hv] = await drain(operator.hvp(v));
    expect((await (hv as tf.Tensor).data())[0]).toBeCloseTo(1, 3);
    operator.dispose();
    tf.dispose([...weights, ...v, hv as tf.Tensor]);
  });
});

describe('double backprop through a CNN (the gradients tfjs lacks, registered by the probes)', () => {
  it('matches finite differences on a tiny ReLU/max-pool CNN, where no kink is in reach', async () => {
    const layers: LayerSpec[] = [
      { type: 'conv2d', filters: 3, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 3, activation: 'linear' },
    ];
    const rng = createRng(9);
    const x = tf.tensor4d(
      Array.from({ length: 3 * 36 }, () => rng() * 2 - 1),
      [3, 6, 6, 1],
    );
    const labels = tf.tensor1d([2, 0, 1], 'int32');
    const evaluator = new ProbeEvaluator(layers, [6, 6, 1], new ProbeBatch([{ x, labels }], 3));
    const model = buildModel(layers, [6, 6, 1], 3);
    const weights = initialWeights(model, 4).map((w, i) => tf.tensor(w, model.params[i]?.shape));
    model.dispose();
    const direction = gaussianTensors(
      evaluator.params.map((p) => p.shape),
      6,
    );
    const v = unitNormalised(direction);
    const cost = noCost();
    const exact = evaluator.chunkHessianVectorProduct(
      weights,
      v,
      0,
      evaluator.batch.chunks[0] as ProbeChunk,
      cost,
    );
    const operator = finiteDifferenceHvp(
      (w) => evaluator.gradient(w, evaluator.trainingLoss(0), cost),
      weights,
    );
    const approximate = await drain(operator.hvp(v));
    // Measured 1.5e-4 (cpu) and 1.4e-4 (wasm).
    expect(relativeError(exact, approximate)).toBeLessThan(1e-3);
    operator.dispose();
    evaluator.dispose();
    tf.dispose([x, labels, ...weights, ...direction, ...v, ...exact, ...approximate]);
  });
});
