/**
 * SSAM (Mi et al., NeurIPS 2022; reference Mi-Peng/Sparse-Sharpness-Aware-Minimization): SAM whose
 * perturbation touches only the weights a binary mask keeps,
 *   e = mask ⊙ ρ·g/(‖g‖ + 1e-7)      (the norm over the unmasked g, eps as the reference),
 * with the mask recomputed every `ssamMaskUpdateEvery` steps (the reference counts epochs). The mask is
 * optimizer state, so snapshots and forks carry it. Choices where ALGORITHMS.md is silent:
 * - SSAM-F computes its Fisher mask *before* the ascent of step 0, k, 2k, …, so every step has one (the
 *   reference starts from an all-zero mask and first computes it after step 0); the Fisher examples
 *   are the first `ssamFisherSamples` of the current batch (see masks.ts).
 * - SSAM-D draws its first mask at step 0 from the run's seed (so every SSAM-D run of a comparison
 *   starts from the same mask; until then the mask is all ones), and updates *after* the step's
 *   perturbation, from that step's |g|, as the reference; each regrowth draws from the run's seed and
 *   step. Without `totalSteps` the drop rate stays dr.
 * - `fixedMask` (a parity case's) replaces the mask and switches the updates off.
 * The ASAM switch gives the masked ASAM perturbation.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from '../../config/optimizers';
import type { TrainableModel } from '../../engine/model/build';
import { deriveSeed } from '../../engine/random';
import { ascentPerturbation } from '../common/perturbation';
import { flatten, PerturbationMask } from '../common/perturbationMask';
import { CROSS_ENTROPY_ASCENT, createSharpnessAware, type TwoPassVariant } from '../common/sharpnessAware';
import type { Optimizer, OptimizerOptions, StepContext, StepScalars } from '../common/types';
import { dropAndRegrow, dropRateAt, empiricalFisher, fisherMask, randomMask } from './masks';

/** SSAM's eps in ‖g‖ + eps (the reference's 1e-7, not SAM's 1e-12). */
const SSAM_EPS = 1e-7;
/** Stream labels for deriveSeed, so SSAM's draws never coincide with other random streams. */
const INITIAL_MASK_STREAM = 0x55a0;
const REGROWTH_STREAM = 0x55a1;

const isUpdateStep = ({ step, hparams }: StepContext) => step % hparams.ssamMaskUpdateEvery === 0;

/** The parts SSAM-F and SSAM-D share: the mask, the masked perturbation, the mask metrics. */
function maskedVariant(
  model: TrainableModel,
  mask: PerturbationMask,
  updates: Pick<TwoPassVariant, 'beforeStep' | 'afterStep'>,
): TwoPassVariant {
  return {
    ascent: CROSS_ENTROPY_ASCENT,
    perturbation: (grads, hparams: Hyperparams, rho, gradNorm) =>
      tf.tidy(() =>
        mask.apply(
          ascentPerturbation(grads, model.params, { rho, adaptive: hparams.adaptive }, SSAM_EPS, gradNorm),
        ),
      ),
    ...updates,
    state: mask.variables,
    dispose: () => mask.dispose(),
  };
}

/** Metrics of a step: the mask's sparsity after it and whether it was recomputed. */
function maskScalars(mask: PerturbationMask, updated: boolean): Partial<StepScalars> {
  return { maskSparsity: mask.sparsity(), ssamMaskUpdated: tf.scalar(updated ? 1 : 0) };
}

export function createSsamF(model: TrainableModel, options?: OptimizerOptions): Optimizer {
  const mask = new PerturbationMask(model.params);
  const fixed = options?.fixedMask;
  if (fixed) mask.assignValues(fixed);
  return createSharpnessAware(
    'ssam-f',
    model,
    maskedVariant(model, mask, {
      beforeStep(context) {
        if (!fixed && isUpdateStep(context)) {
          const { batch, hparams } = context;
          mask.assignFlat(
            fisherMask(empiricalFisher(model, batch, hparams.ssamFisherSamples), hparams.ssamSparsity),
          );
        }
        return {};
      },
      afterStep: (context) => maskScalars(mask, !fixed && isUpdateStep(context)),
    }),
  );
}

export function createSsamD(model: TrainableModel, options?: OptimizerOptions): Optimizer {
  const mask = new PerturbationMask(model.params);
  const fixed = options?.fixedMask;
  if (fixed) mask.assignValues(fixed);
  return createSharpnessAware(
    'ssam-d',
    model,
    maskedVariant(model, mask, {
      beforeStep({ step, hparams, seed = 0 }) {
        // Drawn at step 0, not at construction: only the step knows s and the run's seed. A fork or a
        // restored run continues from the mask it carries.
        if (!fixed && step === 0) {
          const scores = tf.randomUniform(
            [mask.size],
            0,
            1,
            'float32',
            deriveSeed(seed, INITIAL_MASK_STREAM),
          );
          mask.assignFlat(randomMask(scores as tf.Tensor1D, hparams.ssamSparsity));
        }
        return {};
      },
      afterStep(context, ascentGrads) {
        const update = !fixed && isUpdateStep(context);
        if (update) {
          const { hparams, step, totalSteps, seed = 0 } = context;
          const random = tf.randomUniform(
            [mask.size],
            0,
            1,
            'float32',
            deriveSeed(seed, REGROWTH_STREAM, step),
          );
          const dropRate = dropRateAt(hparams.ssamDropRate, step, totalSteps);
          const absGrad = tf.abs(flatten(ascentGrads)) as tf.Tensor1D;
          mask.assignFlat(
            dropAndRegrow(mask.flat(), absGrad, random as tf.Tensor1D, hparams.ssamSparsity, dropRate),
          );
        }
        return maskScalars(mask, update);
      },
    }),
  );
}
