/**
 * Hessian-vector products by central differences of gradients, Hv ≈ (∇L(w+hv) − ∇L(w−hv)) / 2h:
 * two gradient evaluations, any model, any backend (double backprop is the check: secondOrder.ts).
 */
import * as tf from '@tensorflow/tfjs';

/** The gradient at some weights, in parameter order; the caller owns the result. */
export type GradientAt = (weights: readonly tf.Tensor[]) => tf.Tensor[];

/**
 * The step along a unit direction. Checked against double backprop in float32 (hvp.test.ts): ReLU
 * kinks crossed between w−hv and w+hv make a larger step jump (ALGORITHMS.md's start,
 * 1e-3·max(1, ‖w‖), is several times larger on trained models), and a smaller one loses digits.
 */
export const FD_STEP = 1e-3;

/** w + s·v, tensor by tensor. */
export function shifted(weights: readonly tf.Tensor[], v: readonly tf.Tensor[], s: number): tf.Tensor[] {
  return tf.tidy(() => weights.map((w, i) => w.add((v[i] as tf.Tensor).mul(s))));
}

/**
 * Hv at `weights` for a unit-norm `v`, yielding between its two gradient evaluations so a scheduler
 * can interleave other work; the caller owns the result.
 */
export function* finiteDifferenceHvp(
  gradientAt: GradientAt,
  weights: readonly tf.Tensor[],
  v: readonly tf.Tensor[],
  h = FD_STEP,
): Generator<void, tf.Tensor[], void> {
  const plus = gradientAtShifted(gradientAt, weights, v, h);
  try {
    yield;
    const minus = gradientAtShifted(gradientAt, weights, v, -h);
    const hv = tf.tidy(() => plus.map((g, i) => g.sub(minus[i] as tf.Tensor).div(2 * h)));
    tf.dispose(minus);
    return hv;
  } finally {
    tf.dispose(plus);
  }
}

function gradientAtShifted(
  gradientAt: GradientAt,
  weights: readonly tf.Tensor[],
  v: readonly tf.Tensor[],
  s: number,
) {
  const at = shifted(weights, v, s);
  try {
    return gradientAt(at);
  } finally {
    tf.dispose(at);
  }
}
