import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { smoothedTargets } from '../../engine/metrics/loss';
import { buildModel } from '../../engine/model/build';
import { assignParams } from '../../engine/model/init';
import { flat, LINEAR_ONE_EXAMPLE, PLAIN_STEP, runSteps, sigmoid } from '../../testing/stepHarness';
import { dropAndRegrow, dropRateAt, empiricalFisher, fisherMask, randomMask } from './masks';

describe('SSAM masked perturbation', () => {
  it('perturbs only the weights the mask keeps, normalised by the unmasked ‖g‖', async () => {
    // g = .5·[-1, 1 | -1, 1], ‖g‖ = 1, SAM's e = .025·[-1, 1 | -1, 1]. Mask [1, 0 | 0, 1]:
    // e = [-.025, 0 | 0, .025], ‖e‖ = .025√2; logits at w+e: z = e_kernel + e_bias = [-.025, .025],
    // u = .05, L = log(1 + e^.05). The step: g_d = σ(.05)·[-1, 1 | -1, 1], w = -.1·g_d.
    const fixedMask = [Float32Array.from([1, 0]), Float32Array.from([0, 1])];
    const { metrics, after } = await runSteps('ssam-f', LINEAR_ONE_EXAMPLE, PLAIN_STEP, {
      options: { fixedMask },
    });
    expect(metrics[0]?.perturbationNorm).toBeCloseTo(0.025 * Math.SQRT2, 6);
    expect(metrics[0]?.perturbedLoss).toBeCloseTo(Math.log(1 + Math.exp(0.05)), 6);
    expect(metrics[0]?.maskSparsity).toBe(0.5);
    expect(metrics[0]?.ssamMaskUpdated).toBe(0);
    after.params.forEach((value, i) => {
      expect(value).toBeCloseTo((i % 2 === 0 ? 0.1 : -0.1) * sigmoid(0.05), 7);
    });
  });
});

describe('SSAM-F Fisher mask', () => {
  // Two examples, zero weights, one dense layer 2 → 2: per-example gradients are
  // kernel x_i ⊗ (softmax - onehot) and bias (softmax - onehot) = ±[-.5, .5].
  // x_1 = [1, 0], label 0: kernel [[-.5, .5], [0, 0]]; x_2 = [0, 3], label 1: kernel [[0, 0], [1.5, -1.5]].
  // Σ g²: kernel [[.25, .25], [2.25, 2.25]], bias [.5, .5].
  const problem = {
    layers: [{ type: 'dense' as const, units: 2, activation: 'linear' as const }],
    inputs: [
      [1, 0],
      [0, 3],
    ],
    labels: [0, 1],
    numClasses: 2,
  };

  it('sums squared single-example gradients', async () => {
    const model = buildModel(problem.layers, [2], 2);
    assignParams(model, [new Float32Array(4), new Float32Array(2)]);
    const fisher = tf.tidy(() => {
      const labels = tf.tensor1d(problem.labels, 'int32');
      const batch = { x: tf.tensor2d(problem.inputs), labels, targets: smoothedTargets(labels, 2, 0) };
      return empiricalFisher(model, batch, 128);
    });
    expect((await flat(fisher)).map((v) => Number(v.toFixed(6)))).toEqual([0.25, 0.25, 2.25, 2.25, 0.5, 0.5]);
    tf.dispose(fisher);
    model.dispose();
  });

  it('keeps the top ⌊N·(1-s)⌋ Fisher entries and is recomputed every k steps', async () => {
    // N = 6, s = .6: ⌊2.4⌋ = 2 entries, the two 2.25s (the second kernel row).
    const mask = tf.tidy(() =>
      fisherMask(
        [
          tf.tensor2d([
            [0.25, 0.25],
            [2.25, 2.25],
          ]),
          tf.tensor1d([0.5, 0.5]),
        ],
        0.6,
      ),
    );
    expect([...(await mask.data())]).toEqual([0, 0, 1, 1, 0, 0]);
    mask.dispose();
    const run = await runSteps(
      'ssam-f',
      problem,
      { ...PLAIN_STEP, ssamSparsity: 0.6, ssamMaskUpdateEvery: 2 },
      { steps: 3 },
    );
    expect(run.metrics.map((m) => m.ssamMaskUpdated)).toEqual([1, 0, 1]);
    expect(run.metrics[0]?.maskSparsity).toBeCloseTo(4 / 6, 6);
  });
});

describe('SSAM-D dynamic mask', () => {
  it('drops the live weights with the smallest |g| and regrows dead ones by random score', async () => {
    // N = 8, s = .5: L = 4 live wanted; dr = .5 keeps ⌊4·.5⌋ = 2 live (|g| .4 and .3, entries 0 and 2)
    // and regrows ⌊min(2, 4)⌋ = 2 dead ones with the top random scores (.9 and .7: entries 4 and 6).
    const next = tf.tidy(() =>
      dropAndRegrow(
        tf.tensor1d([1, 1, 1, 1, 0, 0, 0, 0]),
        tf.tensor1d([0.4, 0.1, 0.3, 0.2, 9, 9, 9, 9]),
        tf.tensor1d([0.99, 0.99, 0.99, 0.99, 0.9, 0.2, 0.7, 0.1]),
        0.5,
        0.5,
      ),
    );
    expect([...(await next.data())]).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    next.dispose();
  });

  it('draws N - ⌈N·s⌉ live weights at first', async () => {
    const mask = tf.tidy(() => randomMask(tf.tensor1d([0.3, 0.8, 0.1, 0.6, 0.5]), 0.5));
    // ⌈2.5⌉ = 3 dead, 2 live: the two largest scores.
    expect([...(await mask.data())]).toEqual([0, 1, 0, 1, 0]);
    mask.dispose();
  });

  it('anneals the drop rate as dr·(1 + cos(πt/T))/2', () => {
    expect(dropRateAt(0.5, 0, 100)).toBeCloseTo(0.5, 10);
    expect(dropRateAt(0.5, 50, 100)).toBeCloseTo(0.25, 10);
    expect(dropRateAt(0.5, 100, 100)).toBeCloseTo(0, 10);
    expect(dropRateAt(0.5, 50, undefined)).toBe(0.5);
  });

  it('keeps the sparsity at s through its updates and reports them', async () => {
    const problem = {
      ...LINEAR_ONE_EXAMPLE,
      layers: [{ type: 'dense' as const, units: 4, activation: 'linear' as const }],
      numClasses: 4,
    };
    const run = await runSteps(
      'ssam-d',
      problem,
      { ...PLAIN_STEP, ssamSparsity: 0.5, ssamMaskUpdateEvery: 2 },
      { steps: 3, seed: 7 },
    );
    expect(run.metrics.map((m) => m.ssamMaskUpdated)).toEqual([1, 0, 1]);
    for (const m of run.metrics) expect(m.maskSparsity).toBeCloseTo(0.5, 6);
  });
});
