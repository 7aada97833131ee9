/** Gradient helpers shared by every method: gradients in parameter order, global norms. */
import * as tf from '@tensorflow/tfjs';

/** Value and gradients of `objective` w.r.t. `params`, gradients in the same order as `params`. */
export function valueAndGrads(
  objective: () => tf.Scalar,
  params: readonly tf.Variable[],
): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(objective, [...params]);
  return { value, grads: params.map((p) => grads[p.name] as tf.Tensor) };
}

/** ‖g‖ over all tensors together (one long vector), not per tensor. */
export function globalNorm(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(tensors.map((t) => tf.sum(tf.square(t))))) as tf.Scalar);
}
