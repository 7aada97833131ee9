import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/model/build';
import { assignParams, initialWeights } from '../../engine/model/init';
import { ascentPerturbation, atPerturbedWeights } from './perturbation';

/** Gradient of the quadratic L(w) = ½ Σ a_k w_k² with w split over two tensors: g = a ⊙ w. */
function quadraticGradient(params: tf.Variable[], curvature: number[]): tf.Tensor[] {
  return tf.tidy(() => {
    const loss = () =>
      tf.addN(params.map((p, k) => tf.sum(tf.square(p)).mul((curvature[k] as number) / 2))) as tf.Scalar;
    const { value, grads } = tf.variableGrads(loss, params);
    value.dispose();
    return params.map((p) => grads[p.name] as tf.Tensor);
  });
}

async function flat(tensors: readonly tf.Tensor[]): Promise<number[]> {
  return (await Promise.all(tensors.map((t) => t.data()))).flatMap((d) => [...d]);
}

describe('ascentPerturbation', () => {
  it('is ρ·g/‖g‖ with the norm taken over all tensors together (SAM on a quadratic)', async () => {
    // a = [3, 4], w = [1 | 2] (two tensors): g = [3, 8], ‖g‖ = √73 = 8.544004.
    // e = .05·[3, 8]/√73 = [.0175562, .0468165]. A per-tensor norm would give [.05, .05] instead.
    const params = [tf.variable(tf.tensor1d([1])), tf.variable(tf.tensor1d([2]))];
    const grads = quadraticGradient(params, [3, 4]);
    const e = ascentPerturbation(grads, params, { rho: 0.05, adaptive: false });
    const [e0, e1] = await flat(e);
    expect(e0).toBeCloseTo(0.0175562, 6);
    expect(e1).toBeCloseTo(0.0468165, 6);
    tf.dispose([...params, ...grads, ...e]);
  });

  it('is ρ·T²g/‖Tg‖ with T = |w| in the adaptive (ASAM) form', async () => {
    // a = [3, 4], w = [1 | -2]: g = [3, -8]; Tg = [3, 16], ‖Tg‖ = √265 = 16.278821; T²g = [3, -32].
    // ρ = .5: e = .5·[3, -32]/√265 = [.0921443, -.9828722].
    const params = [tf.variable(tf.tensor1d([1])), tf.variable(tf.tensor1d([-2]))];
    const grads = quadraticGradient(params, [3, 4]);
    const e = ascentPerturbation(grads, params, { rho: 0.5, adaptive: true });
    const [e0, e1] = await flat(e);
    expect(e0).toBeCloseTo(0.0921443, 6);
    expect(e1).toBeCloseTo(-0.9828722, 6);
    tf.dispose([...params, ...grads, ...e]);
  });

  it('is zero, not NaN, for a zero gradient', async () => {
    const params = [tf.variable(tf.tensor1d([1, 2]))];
    const grads = [tf.zeros([2])];
    const e = ascentPerturbation(grads, params, { rho: 0.05, adaptive: false });
    expect(await flat(e)).toEqual([0, 0]);
    tf.dispose([...params, ...grads, ...e]);
  });
});

describe('atPerturbedWeights', () => {
  const layers = [
    { type: 'dense', units: 6, activation: 'linear' },
    { type: 'batchNorm' },
    { type: 'dense', units: 3, activation: 'linear' },
  ] as const;

  it('restores the exact weights and BatchNorm statistics after running at w + e', async () => {
    const model = buildModel([...layers], [5], 3);
    assignParams(model, initialWeights(model, 11));
    const before = await flat(model.params);
    const statsBefore = await flat(model.stateVariables);
    const x = tf.randomNormal([8, 5], 0, 1, 'float32', 1);
    const e = model.params.map((p, i) => tf.randomUniform(p.shape, -0.3, 0.3, 'float32', i + 1));
    const during = atPerturbedWeights(model, e, () => model.logits(x, true));
    expect(await flat(model.params)).toEqual(before);
    expect(await flat(model.stateVariables)).toEqual(statsBefore);
    // The pass did run at w + e and did move the statistics (so the test above could fail) ...
    const statsOfAPass = tf.tidy(() => {
      model.logits(x, true).dispose();
      return model.stateVariables.map((v) => v.clone());
    });
    expect(await flat(statsOfAPass)).not.toEqual(statsBefore);
    // ... and subtracting e instead of assigning would not give w back bitwise in float32.
    const subtracted = tf.tidy(() =>
      model.params.map((p, i) => p.add(e[i] as tf.Tensor).sub(e[i] as tf.Tensor)),
    );
    expect(await flat(subtracted)).not.toEqual(before);
    tf.dispose([x, ...e, during, ...statsOfAPass, ...subtracted]);
    model.dispose();
  });
});
