/**
 * What a perturbation did to the batch, from the clean and perturbed logits both passes produce
 * anyway: loss sharpness and its 0-1 counterparts (the BiSAM paper's claim is about flips).
 */
import * as tf from '@tensorflow/tfjs';
import { correctMask, crossEntropy } from './loss';

/** A type, not an interface, so it stays a TensorContainer (tf.tidy can return it). */
export type PerturbationEffect = {
  /** L(w+e). */
  perturbedLoss: tf.Scalar;
  /** L(w+e) - L(w). */
  sharpness: tf.Scalar;
  /** error(w+e) - error(w) = accuracy(w) - accuracy(w+e). */
  errorRateChange: tf.Scalar;
  /** Fraction of the batch correct at w and wrong at w+e. */
  flipRate: tf.Scalar;
};

export function perturbationEffect(
  clean: { logits: tf.Tensor2D; loss: tf.Scalar },
  perturbedLogits: tf.Tensor2D,
  labels: tf.Tensor1D,
  targets: tf.Tensor2D,
): PerturbationEffect {
  return tf.tidy(() => {
    const perturbedLoss = crossEntropy(perturbedLogits, targets);
    const correctClean = correctMask(clean.logits, labels);
    const correctPerturbed = correctMask(perturbedLogits, labels);
    return {
      perturbedLoss,
      sharpness: perturbedLoss.sub(clean.loss) as tf.Scalar,
      errorRateChange: tf.mean(correctClean.sub(correctPerturbed)) as tf.Scalar,
      flipRate: tf.mean(correctClean.mul(tf.sub(1, correctPerturbed))) as tf.Scalar,
    };
  });
}
