/**
 * BiSAM's perturbation objective (Xie et al., ICML 2024): a smooth lower bound of the 0-1 loss,
 *   m_ij = z_ij - z_{i,y_i},   Q = (1/n) Σ_i (1/μ)·log Σ_j exp(μ·φ(m_ij)),
 * where φ is a lower bound of the step function with φ(0) = 0. The adversary maximises Q instead of
 * the cross-entropy, so its perturbation aims at flipping predictions rather than at raising CE.
 */
import * as tf from '@tensorflow/tfjs';

/** A lower bound φ of the step function, applied elementwise to margins. */
export type MarginBound = (margins: tf.Tensor) => tf.Tensor;

/** φ(x) = tanh(α·x): bounded in (-1, 1), slope α at 0. */
export function tanhBound(alpha: number): MarginBound {
  return (margins) => tf.tanh(tf.mul(margins, alpha));
}

/** γ = log(e - 1), chosen so that φ(0) = 1 - log(1 + e - 1) = 0. */
export const NEG_LOG_GAMMA = Math.log(Math.E - 1);

/** φ(x) = 1 - log(1 + exp(γ - x)), computed stably as 1 - softplus(γ - x); φ → 1 as x → ∞. */
export const negLogBound: MarginBound = (margins) => tf.sub(1, tf.softplus(tf.sub(NEG_LOG_GAMMA, margins)));

/**
 * Q on a batch of logits. The margins subtract z_{i,y_i}, so Q's gradient flows through the
 * true-class logit too (that is what pushes the true class down). The j = y_i term is set to φ(0) = 0
 * exactly: its margin is identically 0, so this changes no gradient, only float32 rounding of φ(0).
 */
export function bisamObjective(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  bound: MarginBound,
  mu: number,
): tf.Scalar {
  return tf.tidy(() => {
    const numClasses = logits.shape[1];
    const trueClass = tf.oneHot(labels, numClasses).toFloat();
    const trueLogit = tf.sum(logits.mul(trueClass), 1, true);
    const margins = logits.sub(trueLogit);
    const bounded = bound(margins).mul(tf.sub(1, trueClass));
    return tf.mean(tf.logSumExp(bounded.mul(mu), 1)).div(mu) as tf.Scalar;
  });
}
