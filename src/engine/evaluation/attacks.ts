/**
 * The L∞ attacks and the noise of ALGORITHMS.md "Robustness", on pixels in [0, 1]. The model is only
 * ever called in inference mode through a `Classifier`, and gradients are taken with respect to the
 * input alone, so weights, BatchNorm statistics and optimizer state are never touched.
 */
import * as tf from '@tensorflow/tfjs';
import { perExampleCrossEntropy } from '../metrics/loss';
import type { TrainableModel } from '../model/build';
import { normalisePixels, type PixelNormalisation } from './pixels';

/** Logits of pixels in [0, 1]: the dataset's normalisation, then the model in inference mode. */
export type Classifier = (x01: tf.Tensor4D) => tf.Tensor2D;

/** Inference mode: BatchNorm uses its moving statistics (and updates nothing), dropout is off. */
export function inferenceClassifier(model: TrainableModel, normalisation: PixelNormalisation): Classifier {
  return (x01) => model.logits(normalisePixels(x01, normalisation), false);
}

/** PGD's step size α = 2.5·ε/k (Madry et al.): k steps can cross the ball and come back. */
export function pgdStepSize(epsilon: number, steps: number): number {
  return (2.5 * epsilon) / steps;
}

/**
 * sign(∇ₓ Σᵢ CE(f(xᵢ), yᵢ)). The sum (not the mean) gives each example its own gradient,
 * independent of the batch size; the sign is the same either way.
 */
export function lossGradientSign(classify: Classifier, x01: tf.Tensor4D, labels: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => {
    const loss = (input: tf.Tensor) => {
      const logits = classify(input as tf.Tensor4D);
      const targets = tf.oneHot(labels, logits.shape[1]).toFloat() as tf.Tensor2D;
      return tf.sum(perExampleCrossEntropy(logits, targets));
    };
    return tf.sign(tf.grad(loss)(x01)) as tf.Tensor4D;
  });
}

/**
 * clip(x + scale·direction, 0, 1): FGSM (direction sign(∇ₓ CE), scale ε), PGD's start (direction
 * u ∈ [−1, 1], scale ε; zeros start at x) and Gaussian noise (direction N(0, 1), scale σ).
 */
export function shiftWithinPixelRange(x01: tf.Tensor4D, direction: tf.Tensor4D, scale: number): tf.Tensor4D {
  return tf.tidy(() => tf.clipByValue(tf.add(x01, tf.mul(direction, scale)), 0, 1) as tf.Tensor4D);
}

/** FGSM at ε: clip(x + ε·sign(∇ₓ CE(f(x), y)), 0, 1). */
export function fgsmAttack(
  classify: Classifier,
  x01: tf.Tensor4D,
  labels: tf.Tensor1D,
  epsilon: number,
): tf.Tensor4D {
  return tf.tidy(() => shiftWithinPixelRange(x01, lossGradientSign(classify, x01, labels), epsilon));
}

/** One PGD step from `current`: clip(Π_ε(current + α·sign(∇ₓ CE)), 0, 1), Π_ε onto ‖x' − x‖∞ ≤ ε. */
export function pgdStep(
  classify: Classifier,
  x01: tf.Tensor4D,
  labels: tf.Tensor1D,
  current: tf.Tensor4D,
  epsilon: number,
  alpha: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const ascended = tf.add(current, tf.mul(lossGradientSign(classify, current, labels), alpha));
    const projected = tf.minimum(tf.maximum(ascended, tf.sub(x01, epsilon)), tf.add(x01, epsilon));
    return tf.clipByValue(projected, 0, 1) as tf.Tensor4D;
  });
}

/** The whole PGD-k attack at once (the evaluation runs the same steps one slice at a time). */
export function pgdAttack(
  classify: Classifier,
  x01: tf.Tensor4D,
  labels: tf.Tensor1D,
  directions: tf.Tensor4D,
  epsilon: number,
  steps: number,
): tf.Tensor4D {
  const alpha = pgdStepSize(epsilon, steps);
  let current = shiftWithinPixelRange(x01, directions, epsilon);
  for (let i = 0; i < steps; i++) {
    const next = pgdStep(classify, x01, labels, current, epsilon, alpha);
    current.dispose();
    current = next;
  }
  return current;
}

/** Number of examples the classifier gets right, as a scalar on the device. */
export function correctCount(classify: Classifier, x01: tf.Tensor4D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.equal(tf.argMax(classify(x01), 1), labels).toFloat()) as tf.Scalar);
}
