import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MODEL_PRESET_NAMES, MODEL_PRESETS } from '../../config/model';
import { buildModel } from './build';
import { initialWeights, weightKind } from './init';

describe('buildModel', () => {
  it('orders a residual block as PyTorch does: conv1, bn1, conv2, bn2, then the projection shortcut', () => {
    const model = buildModel(
      [
        { type: 'residual', filters: 4, strides: 2 },
        { type: 'globalAvgPool' },
        { type: 'dense', units: 3, activation: 'linear' },
      ],
      [6, 6, 2],
      3,
    );
    // Convs have no bias (BN follows); each BN holds γ, β. The 1×1 shortcut exists because 2 ≠ 4 channels.
    expect(model.params.map((p) => [weightKind(p), p.shape])).toEqual([
      ['kernel', [3, 3, 2, 4]],
      ['gamma', [4]],
      ['beta', [4]],
      ['kernel', [3, 3, 4, 4]],
      ['gamma', [4]],
      ['beta', [4]],
      ['kernel', [1, 1, 2, 4]],
      ['gamma', [4]],
      ['beta', [4]],
      ['kernel', [4, 3]],
      ['bias', [3]],
    ]);
    // Moving mean and variance of the three BatchNorms.
    expect(model.stateVariables.length).toBe(6);
    model.dispose();
  });

  it('adds the identity shortcut: a block with zero convs and β=0 passes relu(x) through', async () => {
    const model = buildModel(
      [
        { type: 'residual', filters: 1, strides: 1 },
        { type: 'flatten' },
        { type: 'dense', units: 1, activation: 'linear' },
      ],
      [1, 2, 1],
      1,
    );
    // Zero conv kernels → main branch BN(0) = β = 0; dense kernel 1, bias 0 sums the two pixels.
    // relu(x + 0) on x = [2, -3] is [2, 0], so the logit is 2.
    const values = model.params.map((p) =>
      tf.tidy(() => (weightKind(p) === 'gamma' ? tf.onesLike(p) : tf.zerosLike(p))),
    );
    model.params.forEach((p, i) => {
      p.assign(values[i] as tf.Tensor);
    });
    const dense = model.params[model.params.length - 2] as tf.Variable;
    dense.assign(tf.ones(dense.shape));
    const logits = model.logits(tf.tensor4d([2, -3], [1, 1, 2, 1]), false);
    expect([...(await logits.data())]).toEqual([2]);
    tf.dispose([...values, logits]);
    model.dispose();
  });

  it.each(MODEL_PRESET_NAMES)('builds preset %s and has an initialiser for every weight', (name) => {
    const model = buildModel(MODEL_PRESETS[name].layers, [28, 28, 1], 10);
    const weights = initialWeights(model, 1);
    model.params.forEach((param, i) => {
      const values = weights[i] as Float32Array;
      const kind = weightKind(param);
      if (kind === 'gamma') expect(values.every((v) => v === 1)).toBe(true);
      else if (kind === 'beta') expect(values.every((v) => v === 0)).toBe(true);
      else expect(values.some((v) => v !== 0)).toBe(true);
    });
    model.dispose();
  });
});
