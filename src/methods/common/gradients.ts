/** Gradient helpers shared by every method: gradients in parameter order, global norms and inner products. */
import * as tf from '@tensorflow/tfjs';

/** eps of the normalisations (‖g‖ + eps), as the reference code. */
export const NORM_EPS = 1e-12;

/** Value and gradients of `objective` w.r.t. `params`, gradients in the same order as `params`. */
export function valueAndGrads(
  objective: () => tf.Scalar,
  params: readonly tf.Variable[],
): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(objective, [...params]);
  return { value, grads: params.map((p) => grads[p.name] as tf.Tensor) };
}

/**
 * One training-mode forward-backward pass: the logits, `objective(logits)` and its gradients.
 * The logits are returned too (metrics reuse them for free), tracked by the caller's tidy.
 */
export function forwardBackward(
  logitsOf: () => tf.Tensor2D,
  objective: (logits: tf.Tensor2D) => tf.Scalar,
  params: readonly tf.Variable[],
): { logits: tf.Tensor2D; value: tf.Scalar; grads: tf.Tensor[] } {
  let kept: tf.Tensor2D | undefined;
  const { value, grads } = valueAndGrads(() => {
    // variableGrads runs the forward pass in its own tidy: keep the logits past it ...
    kept = tf.keep(logitsOf());
    return objective(kept);
  }, params);
  // ... then hand them to the caller's tidy (clone shares the data) and drop the untracked handle.
  const logits = (kept as tf.Tensor2D).clone();
  kept?.dispose();
  return { logits, value, grads };
}

/**
 * All tensors as one long vector. Reducing it once costs a few kernels (a concat, then one
 * reduction) where one reduction per tensor and an AddN cost two per tensor: on WebGPU each
 * kernel is a dispatch, and a step of ~8 weight tensors took ~19 for one norm.
 */
export function concatenated(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((t) => t.reshape([-1]))) as tf.Tensor1D;
}

/** ‖v‖ of one vector. */
export function vectorNorm(vector: tf.Tensor1D): tf.Scalar {
  return tf.sqrt(tf.sum(tf.square(vector)));
}

/** cos = ⟨a, b⟩ / (‖a‖·‖b‖ + eps) from parts already computed; 0 when either is zero. */
export function cosineOf(dot: tf.Scalar, normA: tf.Scalar, normB: tf.Scalar): tf.Scalar {
  return dot.div(normA.mul(normB).add(NORM_EPS));
}

/** ‖g‖ over all tensors together (one long vector), not per tensor. */
export function globalNorm(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => vectorNorm(concatenated(tensors)));
}

/** ⟨a, b⟩ over all tensors together. */
export function globalDot(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.mul(concatenated(a), concatenated(b))));
}

/** cos(a, b) = ⟨a, b⟩ / (‖a‖·‖b‖ + eps); 0 when either is zero. Each list is concatenated once. */
export function globalCosine(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    const [flatA, flatB] = [concatenated(a), concatenated(b)];
    return cosineOf(tf.sum(tf.mul(flatA, flatB)), vectorNorm(flatA), vectorNorm(flatB));
  });
}

/** Σ_k weights[k]·lists[k], tensor by tensor (lists of tensors in parameter order). */
export function weightedSum(
  lists: readonly (readonly tf.Tensor[])[],
  weights: readonly number[],
): tf.Tensor[] {
  return tf.tidy(() => {
    const first = lists[0] ?? [];
    if (lists.length === 1 && weights[0] === 1) return first.map((t) => t.clone());
    return first.map((_, i) =>
      tf.addN(lists.map((list, k) => (list[i] as tf.Tensor).mul(weights[k] as number))),
    );
  });
}
