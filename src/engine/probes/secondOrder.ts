/**
 * Hessian-vector products by double backprop, Hv = ∇(∇L·v), as the check on the finite-difference HVP.
 *
 * tfjs 4.22 nests gradients, but a gradient that reads its op's saved *output* (tanh, exp, sigmoid,
 * softmax, logSoftmax) loses its second-order term: the clone of the output is taped before the op
 * that made it, so the tape filter drops it (the result is silently wrong, or "no connection").
 * Max's gradient needs Equal's, which has none, and Conv2DBackpropFilter and MaxPoolGrad have no
 * gradients at all (secondOrderGradients.ts registers those two). So the probes differentiate the
 * cross-entropy below, and fall back to finite differences (hvp.ts) where a model op still lacks one.
 */
import * as tf from '@tensorflow/tfjs';

/** exp whose gradient recomputes exp from the saved input, so a second derivative sees it. */
const exp2 = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.exp(x as tf.Tensor),
    gradFunc: (dy, saved) => tf.mul(dy, tf.exp(saved[0] as tf.Tensor)),
  };
});

/** max over classes with a zero gradient: log-softmax does not depend on the shift, only its rounding does. */
const detachedRowMax = tf.customGrad((x) => ({
  value: tf.max(x as tf.Tensor, 1, true),
  gradFunc: () => tf.zerosLike(x as tf.Tensor),
}));

/** Mean smoothed cross-entropy, the same value as `crossEntropy`, differentiable twice in tfjs. */
export function twiceDifferentiableCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const shifted = tf.sub(logits, detachedRowMax(logits) as tf.Tensor);
    const logNormaliser = tf.log(tf.sum(exp2(shifted) as tf.Tensor, 1, true));
    const logProbabilities = tf.sub(shifted, logNormaliser);
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, logProbabilities), 1))) as tf.Scalar;
  });
}

/** Hv at the variables' current values, in `params` order; `loss` must be twice differentiable in tfjs (see above). */
export function doubleBackpropHvp(
  loss: () => tf.Scalar,
  params: readonly tf.Variable[],
  v: readonly tf.Tensor[],
): tf.Tensor[] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const inner = tf.variableGrads(loss, [...params]).grads;
      return tf.addN(params.map((p, i) => tf.sum(tf.mul(inner[p.name] as tf.Tensor, v[i] as tf.Tensor))));
    }, [...params]);
    return params.map((p) => grads[p.name] ?? tf.zerosLike(p));
  });
}
