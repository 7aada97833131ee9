import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import { smoothedTargets } from '../../engine/metrics/loss';
import { buildModel } from '../../engine/model/build';
import { assignParams } from '../../engine/model/init';
import { createSgd } from './step';

describe('SGD on a model', () => {
  it('takes the hand-computed step on a one-layer linear model', async () => {
    // One 1×1×1 input x=1, label 0, all weights 0: logits z=[0,0], softmax=[.5,.5],
    // dL/dz = softmax - onehot = [-.5,.5], so kernel and bias gradients are both [-.5,.5].
    // First step with momentum .9 and λ=.01 on zero weights: w = 0 - .1·[-.5,.5] = [.05,-.05].
    const model = buildModel(
      [{ type: 'flatten' }, { type: 'dense', units: 2, activation: 'linear' }],
      [1, 1, 1],
      2,
    );
    assignParams(model, [new Float32Array(2), new Float32Array(2)]);
    const sgd = createSgd(model);
    const x = tf.ones([1, 1, 1, 1]);
    const labels = tf.tensor1d([0], 'int32');
    const targets = smoothedTargets(labels, 2, 0);
    const hparams = { ...DEFAULT_HYPERPARAMS, momentum: 0.9, weightDecay: 0.01 };
    const { loss, accuracy } = sgd.step({ batch: { x, labels, targets }, hparams, lr: 0.1, step: 0 });
    expect(await loss.data()).toEqual(new Float32Array([Math.log(2)]).map((v) => v));
    expect((await accuracy.data())[0]).toBe(1); // argmax of a tie is class 0
    for (const param of model.params) {
      const [a, b] = await param.data();
      expect(a).toBeCloseTo(0.05, 6);
      expect(b).toBeCloseTo(-0.05, 6);
    }
    tf.dispose([x, labels, targets, loss, accuracy]);
    sgd.dispose();
    model.dispose();
  });

  it('probes sharpness with one extra forward pass only on every k-th step', async () => {
    // Same hand problem: the probe sees what SAM's first step sees (ρ = .05 along ∇L, ‖∇L‖ = 1):
    // L(w+e) = log(1 + e^.1) = .7443967. The update itself is plain SGD's.
    const model = buildModel([{ type: 'dense', units: 2, activation: 'linear' }], [1], 2);
    assignParams(model, [new Float32Array(2), new Float32Array(2)]);
    const sgd = createSgd(model);
    const x = tf.ones([1, 1]);
    const labels = tf.tensor1d([0], 'int32');
    const targets = smoothedTargets(labels, 2, 0);
    const hparams = {
      ...DEFAULT_HYPERPARAMS,
      momentum: 0,
      weightDecay: 0,
      rho: 0.05,
      sgdProbeEvery: 2,
    };
    const probed = sgd.step({ batch: { x, labels, targets }, hparams, lr: 0.1, step: 0 });
    expect((await probed.perturbedLoss?.data())?.[0]).toBeCloseTo(0.7443967, 6);
    expect((await probed.ascentGradNorm?.data())?.[0]).toBeCloseTo(1, 6);
    expect((await probed.flipRate?.data())?.[0]).toBe(1);
    for (const param of model.params)
      expect([...(await param.data())]).toEqual([expect.closeTo(0.05, 6), expect.closeTo(-0.05, 6)]);
    const unprobed = sgd.step({ batch: { x, labels, targets }, hparams, lr: 0.1, step: 1 });
    expect(Object.keys(unprobed).sort()).toEqual(['accuracy', 'loss']);
    tf.dispose([x, labels, targets, ...Object.values(probed), ...Object.values(unprobed)]);
    sgd.dispose();
    model.dispose();
  });
});
