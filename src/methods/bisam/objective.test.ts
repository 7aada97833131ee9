import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { bisamObjective, type MarginBound, NEG_LOG_GAMMA, negLogBound, tanhBound } from './objective';

async function qOf(logits: number[][], labels: number[], bound: MarginBound, mu: number): Promise<number> {
  const q = tf.tidy(() => bisamObjective(tf.tensor2d(logits), tf.tensor1d(labels, 'int32'), bound, mu));
  const [value] = await q.data();
  q.dispose();
  return value as number;
}

/** Q in float64, straight from the paper's formula, for the finite-difference check. */
function referenceQ(logits: number[][], labels: number[], phi: (x: number) => number, mu: number): number {
  let total = 0;
  logits.forEach((row, i) => {
    const trueLogit = row[labels[i] as number] as number;
    total += Math.log(row.reduce((sum, z) => sum + Math.exp(mu * phi(z - trueLogit)), 0)) / mu;
  });
  return total / logits.length;
}

const bounds = {
  tanh: { bound: tanhBound(0.7), phi: (x: number) => Math.tanh(0.7 * x) },
  negLog: { bound: negLogBound, phi: (x: number) => 1 - Math.log(1 + Math.exp(NEG_LOG_GAMMA - x)) },
};

describe('BiSAM objective Q', () => {
  it.each(Object.entries(bounds))('has φ(0) = 0 for the %s bound', async (_, { bound }) => {
    const phiZero = tf.tidy(() => bound(tf.scalar(0)));
    // tanh(0) is exactly 0; 1 - softplus(log(e-1)) is 0 up to float32 rounding.
    expect((await phiZero.data())[0]).toBeCloseTo(0, 6);
    phiZero.dispose();
  });

  it('equals (1/μ)·log Σ_j exp(μ·tanh(α·m_j)) on hand-made logits', async () => {
    // z = [1, 3, 0], label 0, α = .5: margins [0, 2, -1], φ = [0, tanh 1, tanh(-.5)] = [0, .761594, -.462117].
    // μ = 1: Q = log(1 + e^.761594 + e^-.462117) = log 3.771661 = 1.327509.
    expect(await qOf([[1, 3, 0]], [0], tanhBound(0.5), 1)).toBeCloseTo(1.327509, 5);
    // μ = 2: Q = ½·log(1 + e^1.523188 + e^-.924234) = .894516.
    expect(await qOf([[1, 3, 0]], [0], tanhBound(0.5), 2)).toBeCloseTo(0.894516, 5);
  });

  it('equals log(1 + exp φ(2)) with φ(x) = 1 - log(1 + exp(γ - x)) on hand-made logits, averaged over the batch', async () => {
    // z = [2, 0], label 1: margins [2, 0]; φ(2) = 1 - log(1 + (e-1)e^-2) = .790920; Q = log(e^.790920 + 1) = 1.164844.
    // A second example with all-equal logits has every margin 0: Q = log 2. The batch mean of the two:
    const expected = (1.164844 + Math.log(2)) / 2;
    expect(
      await qOf(
        [
          [2, 0],
          [5, 5],
        ],
        [1, 0],
        negLogBound,
        1,
      ),
    ).toBeCloseTo(expected, 5);
  });

  it.each(Object.entries(bounds))(
    'has the gradient of the formula for the %s bound, through the true-class logit too (finite differences)',
    async (_, { bound, phi }) => {
      const logits = [
        [0.3, -1.2, 2.0, 0.5],
        [1.5, 0.1, -0.4, -2.2],
        [-0.7, 0.9, 0.2, 1.1],
      ];
      const labels = [2, 0, 3];
      const mu = 2;
      const gradient = tf.tidy(() => {
        const labelTensor = tf.tensor1d(labels, 'int32');
        return tf.grad((z: tf.Tensor) => bisamObjective(z as tf.Tensor2D, labelTensor, bound, mu))(
          tf.tensor2d(logits),
        );
      });
      const autodiff = await gradient.data();
      gradient.dispose();
      const h = 1e-5;
      logits.forEach((row, i) => {
        row.forEach((_z, j) => {
          const shifted = (delta: number) =>
            logits.map((r, a) => r.map((v, b) => (a === i && b === j ? v + delta : v)));
          const numeric =
            (referenceQ(shifted(h), labels, phi, mu) - referenceQ(shifted(-h), labels, phi, mu)) / (2 * h);
          expect(autodiff[i * 4 + j]).toBeCloseTo(numeric, 5);
        });
      });
      // The true-class entries are not zero: Q pushes z_y down (∂Q/∂z_y = -Σ_{j≠y} ∂Q/∂z_j).
      expect(autodiff[2]).toBeLessThan(-1e-3);
    },
  );
});
