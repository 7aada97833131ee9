import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LINEAR_ONE_EXAMPLE, PLAIN_STEP, type Problem, runSteps } from '../../testing/stepHarness';
import { perturbedTensors, sharpestExamples } from './step';

describe('ESAM data selection (SDS)', () => {
  it('keeps the ⌊γ·n⌋ examples whose loss rose most at w+e', async () => {
    const picked = tf.tidy(() => {
      const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
      const batch = {
        x: tf.tensor2d([[0], [1], [2], [3]]),
        labels,
        targets: tf.oneHot(labels, 4).toFloat() as tf.Tensor2D,
      };
      return sharpestExamples(batch, tf.tensor1d([0.1, 0.5, -0.2, 0.3]), 0.5).labels;
    });
    expect([...(await picked.data())]).toEqual([1, 3]);
    picked.dispose();
  });

  it('descends on the sharper example only', async () => {
    // Zero weights, x = [1] and [2], both label 0: g = mean of ±[-.5, .5]·[x | 1] = [-.75, .75 | -.5, .5],
    // ‖g‖ = √1.625, e = .05·g/‖g‖: e_kernel = ±.0294174, e_bias = ±.0196116. Example 2's logits rise
    // more (u = 2·(2·.0294174 + .0196116) = .1568929): γ = .5 keeps it alone, and the step is
    // -.1·σ(u)·[-2, 2 | -1, 1] = [.1078286, -.1078286 | .0539143, -.0539143].
    const problem: Problem = { ...LINEAR_ONE_EXAMPLE, inputs: [[1], [2]], labels: [0, 0] };
    const { after } = await runSteps('esam', problem, { ...PLAIN_STEP, esamBeta: 1, esamGamma: 0.5 });
    expect(after.params).toEqual([
      expect.closeTo(0.1078286, 6),
      expect.closeTo(-0.1078286, 6),
      expect.closeTo(0.0539143, 6),
      expect.closeTo(-0.0539143, 6),
    ]);
  });
});

describe('ESAM weight perturbation (SWP)', () => {
  it('draws the same tensors for the same seed and step, and others for other steps', () => {
    expect(perturbedTensors(50, 0.5, 3, 10)).toEqual(perturbedTensors(50, 0.5, 3, 10));
    expect(perturbedTensors(50, 0.5, 3, 10)).not.toEqual(perturbedTensors(50, 0.5, 3, 11));
    expect(perturbedTensors(50, 0.5, 3, 10)).not.toEqual(perturbedTensors(50, 0.5, 4, 10));
    expect(perturbedTensors(5, 1, 3, 10)).toEqual([true, true, true, true, true]);
  });

  it('leaves a dropped tensor unperturbed and scales the kept ones by 1/β', async () => {
    // Find a step where β = .5 keeps the kernel and drops the bias.
    const step = Array.from({ length: 100 }, (_, s) => s).find((s) => {
      const [kernel, bias] = perturbedTensors(2, 0.5, 0, s);
      return kernel && !bias;
    }) as number;
    // g_kernel = [-.5, .5]: e_kernel = (.05/.5)·g/‖g‖ = ±.0707107, ‖e‖ = .1, e_bias = 0; u = .1414214,
    // L(w+e) = log(1 + e^u). (lr 0 keeps w = 0 until that step.) Half the weights were left out.
    const run = await runSteps(
      'esam',
      LINEAR_ONE_EXAMPLE,
      { ...PLAIN_STEP, esamBeta: 0.5, esamGamma: 1 },
      { steps: step + 1, lr: 0 },
    );
    const metrics = run.metrics[step];
    expect(metrics?.perturbationNorm).toBeCloseTo(0.1, 6);
    expect(metrics?.perturbedLoss).toBeCloseTo(Math.log(1 + Math.exp(0.1414214)), 6);
    expect(metrics?.maskSparsity).toBe(0.5);
    // Had the bias been perturbed too, ‖e‖ = .1 would split over four entries: u = .1, not .1414.
    expect(metrics?.perturbedLoss).not.toBeCloseTo(Math.log(1 + Math.exp(0.1)), 3);
  });
});
