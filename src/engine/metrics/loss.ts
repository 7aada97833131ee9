/**
 * Losses on logits. Label smoothing follows the SAM/BiSAM reference code (1-s on the true class,
 * s/(K-1) on each other), not tfjs's `labelSmoothing` (which spreads s/K over all classes).
 */
import * as tf from '@tensorflow/tfjs';

/** The smoothed target distribution, N×K. */
export function smoothedTargets(labels: tf.Tensor1D, numClasses: number, smoothing: number): tf.Tensor2D {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, numClasses).toFloat();
    if (smoothing === 0) return oneHot as tf.Tensor2D;
    const off = smoothing / (numClasses - 1);
    return oneHot.mul(1 - smoothing - off).add(off) as tf.Tensor2D;
  });
}

/** Per-example cross-entropy -Σ_j t_ij log softmax(z_i)_j, shape N. */
export function perExampleCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1)) as tf.Tensor1D);
}

/** Mean smoothed cross-entropy L(w) over the batch. */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(perExampleCrossEntropy(logits, targets)) as tf.Scalar);
}

/** 1 where the arg-max logit is the label, else 0 (float, shape N). */
export function correctMask(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.equal(tf.argMax(logits, 1), labels).toFloat() as tf.Tensor1D);
}

export function batchAccuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(correctMask(logits, labels)) as tf.Scalar);
}
