/**
 * Hessian-vector products by finite differences of gradients (double backprop is the check:
 * secondOrder.ts). ReLU and max-pool networks are piecewise smooth: a unit whose pre-activation
 * crosses zero between w and w ± hv adds a gradient jump J, and J/h swamps Hv (measured on the small
 * CNN with P = 512: ‖Δg‖ ≈ 4e-3 at a step of 1e-5, where ‖Hv‖·h ≈ 1e-6). So both one-sided differences
 * D± are formed against ∇L(w), computed once per probe: where they agree the central difference
 * (D+ + D−)/2 is used, where they do not (a kink on one side) the smaller one.
 */
import * as tf from '@tensorflow/tfjs';
import { globalNorm } from '../../methods/common/gradients';
import type { Pausable } from './types';

/** The gradient at some weights, in parameter order; the caller owns the result. */
export type GradientAt = (weights: readonly tf.Tensor[]) => tf.Tensor[];

/**
 * The step along a unit direction, ‖h·v‖. Checked against double backprop and PyTorch's exact Hessian
 * (hvp.test.ts, the probe parity cases): float32 rounds w ± hv to ~1e-7·|w| per weight, so a smaller
 * step loses digits (1e-5: 3% on the parity MLP, 14% on zᵀHz), a larger one crosses more kinks.
 * On the small CNN with P = 512 no step works: ReLU/max-pool kinks are crossed on both sides of
 * every step tried from 1e-5 to 3e-4 and ‖Hv‖ changes 3–10× with h (README, "Probes").
 */
export const FD_STEP = 1e-3;

/** One-sided differences further apart than this (relative to their mean norm) mean a kink. */
const KINK_RATIO = 0.5;

/** w + s·v, tensor by tensor. */
export function shifted(weights: readonly tf.Tensor[], v: readonly tf.Tensor[], s: number): tf.Tensor[] {
  return tf.tidy(() => weights.map((w, i) => w.add((v[i] as tf.Tensor).mul(s))));
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

/** Central difference where D+ and D− agree, else the smaller of them; chosen on the device (no readback). */
export function combineDifferences(
  center: readonly tf.Tensor[],
  plus: readonly tf.Tensor[],
  minus: readonly tf.Tensor[],
  h: number,
): tf.Tensor[] {
  return tf.tidy(() => {
    const forward = plus.map((g, i) => g.sub(center[i] as tf.Tensor).div(h));
    const backward = minus.map((g, i) => (center[i] as tf.Tensor).sub(g).div(h));
    const [nf, nb] = [globalNorm(forward), globalNorm(backward)];
    const gap = globalNorm(forward.map((f, i) => f.sub(backward[i] as tf.Tensor)));
    const agree = tf.lessEqual(gap, nf.add(nb).mul(KINK_RATIO / 2)).toFloat();
    const forwardSmaller = tf.lessEqual(nf, nb).toFloat();
    const weightForward = agree.mul(0.5).add(tf.sub(1, agree).mul(forwardSmaller));
    const weightBackward = tf.sub(1, weightForward);
    return forward.map((f, i) => f.mul(weightForward).add((backward[i] as tf.Tensor).mul(weightBackward)));
  });
}

/** An HVP operator at fixed weights: Hv for unit-norm v; dispose() frees the cached ∇L(w). */
export interface FiniteDifferenceHvp {
  readonly hvp: (v: readonly tf.Tensor[]) => Pausable<tf.Tensor[]>;
  readonly dispose: () => void;
}

/**
 * Hv at `weights` by kink-aware differences: ∇L(w) once (on the first product), then two gradient
 * evaluations per product, pausing after each so a scheduler can interleave other work.
 */
export function finiteDifferenceHvp(
  gradientAt: GradientAt,
  weights: readonly tf.Tensor[],
  h = FD_STEP,
): FiniteDifferenceHvp {
  let center: tf.Tensor[] | undefined;
  function* hvp(v: readonly tf.Tensor[]): Pausable<tf.Tensor[]> {
    if (!center) {
      center = gradientAt(weights);
      yield;
    }
    const plus = gradientAtShifted(gradientAt, weights, v, h);
    try {
      yield;
      const minus = gradientAtShifted(gradientAt, weights, v, -h);
      const product = combineDifferences(center, plus, minus, h);
      tf.dispose(minus);
      return product;
    } finally {
      tf.dispose(plus);
    }
  }
  return { hvp, dispose: () => tf.dispose(center ?? []) };
}
