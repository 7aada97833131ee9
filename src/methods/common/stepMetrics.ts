/**
 * What every method reports of a step, in one place: loss and accuracy from the clean pass, the
 * perturbation's effect on the batch (sharpness, flips), and the geometry of the perturbation (‖g_a‖,
 * ‖e‖, cos(g_a, g_d)). A method adds only its own metrics beside these.
 */
import * as tf from '@tensorflow/tfjs';
import { batchAccuracy } from '../../engine/metrics/loss';
import { perturbationEffect } from '../../engine/metrics/sharpness';
import { concatenated, cosineOf, globalNorm, vectorNorm } from './gradients';
import type { DeviceBatch, StepScalars } from './types';

/** The clean pass at w: its logits and the smoothed CE L(w) on them. */
export interface CleanPass {
  readonly logits: tf.Tensor2D;
  readonly loss: tf.Scalar;
}

/** ‖g_a‖, ‖e‖ and, where a gradient was taken at w+e, cos(g_a, ∇L(w+e)). */
export type PerturbationGeometry = {
  ascentGradNorm: tf.Scalar;
  perturbationNorm: tf.Scalar;
  gradCosine?: tf.Scalar;
};

/** The logits at w+e and the geometry of e. */
export type PerturbedPoint = PerturbationGeometry & { logits: tf.Tensor2D };

/**
 * The geometry from the tensors themselves; `descentGrads` absent when no gradient was taken at w+e
 * (SGD's probe). `ascentGradNorm`: ‖g_a‖ where the caller computed it already (for e), so it is
 * not reduced again; g_a is concatenated once for its norm and the cosine.
 */
export function perturbationGeometry(
  ascentGrads: readonly tf.Tensor[],
  perturbation: readonly tf.Tensor[],
  descentGrads?: readonly tf.Tensor[],
  ascentGradNorm?: tf.Scalar,
): PerturbationGeometry {
  const ascentFlat = ascentGradNorm && !descentGrads ? undefined : concatenated(ascentGrads);
  const ascentNorm = ascentGradNorm ?? vectorNorm(ascentFlat as tf.Tensor1D);
  const geometry = { ascentGradNorm: ascentNorm, perturbationNorm: globalNorm(perturbation) };
  if (!descentGrads) return geometry;
  const descentFlat = concatenated(descentGrads);
  const dot = tf.sum(tf.mul(ascentFlat as tf.Tensor1D, descentFlat)) as tf.Scalar;
  return { ...geometry, gradCosine: cosineOf(dot, ascentNorm, vectorNorm(descentFlat)) };
}

/** Call inside the step's tidy; `perturbed` absent on a step without a perturbation (SGD between probes). */
export function stepMetrics(batch: DeviceBatch, clean: CleanPass, perturbed?: PerturbedPoint): StepScalars {
  const scalars: StepScalars = { loss: clean.loss, accuracy: batchAccuracy(clean.logits, batch.labels) };
  if (!perturbed) return scalars;
  const { logits, ...geometry } = perturbed;
  return {
    ...scalars,
    ...perturbationEffect(clean, logits, batch.labels, batch.targets),
    ...geometry,
  };
}
