/**
 * GSAM (Zhuang et al., ICLR 2022; reference juntang-zhuang/GSAM `gsam/gsam.py`): SAM's two passes,
 * with ρ following the learning rate and a descent that also lowers the surrogate gap L(w+e) - L(w):
 *   ρ_t = ρ_min + (ρ_max - ρ_min)·(η_t - η_min)/(η_max - η_min)       (ρ_max is the `rho` knob)
 *   g = ∇L(w),  g_p = ∇L(w + ρ_t·g/(‖g‖+eps)),  g_⊥ = g - (⟨g, g_p⟩/‖g_p‖²)·g_p,  descend along g_p - α·g_⊥.
 * Choices where ALGORITHMS.md is silent, after the reference: a constant learning rate gives ρ_max
 * (its ProportionScheduler); the projection is written as the reference computes it,
 * cos(g, g_p)·‖g‖·g_p/‖g_p‖ with eps in both denominators, so a zero g_p gives g_⊥ = g, not NaN; the
 * ASAM switch perturbs as ASAM does. η_max/η_min come from the run's schedule (schedule.ts); with
 * m-sharpness each group decomposes its own pair, as the reference does per data-parallel worker.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from '../../config/optimizers';
import type { TrainableModel } from '../../engine/model/build';
import { globalDot, globalNorm, NORM_EPS } from '../common/gradients';
import { learningRateRange, proportionalToLr } from '../common/schedule';
import { CROSS_ENTROPY_ASCENT, createSharpnessAware } from '../common/sharpnessAware';
import type { Optimizer, StepContext } from '../common/types';

/** ρ_t for this step: between `gsamRhoMin` (lowest rate) and `rho` (peak rate), in proportion to η_t. */
export function gsamRho({
  hparams,
  lr,
  totalSteps,
}: Pick<StepContext, 'hparams' | 'lr' | 'totalSteps'>): number {
  const range = learningRateRange(hparams.lr, hparams.schedule, totalSteps);
  return proportionalToLr(hparams.gsamRhoMin, hparams.rho, lr, range);
}

/** g_p - α·g_⊥, where g_⊥ is the part of the clean gradient g orthogonal to the perturbed gradient g_p. */
export function gsamDirection(
  cleanGrads: readonly tf.Tensor[],
  perturbedGrads: readonly tf.Tensor[],
  alpha: number,
): tf.Tensor[] {
  return tf.tidy(() => {
    const cleanNorm = globalNorm(cleanGrads);
    const perturbedNorm = globalNorm(perturbedGrads);
    const cosine = globalDot(cleanGrads, perturbedGrads).div(cleanNorm.mul(perturbedNorm).add(NORM_EPS));
    // ⟨g, g_p⟩/‖g_p‖² written as the reference does: cos·‖g‖/‖g_p‖.
    const along = cosine.mul(cleanNorm).div(perturbedNorm.add(NORM_EPS));
    return perturbedGrads.map((gp, i) => {
      const orthogonal = (cleanGrads[i] as tf.Tensor).sub(gp.mul(along));
      return gp.sub(orthogonal.mul(alpha));
    });
  });
}

export function createGsam(model: TrainableModel): Optimizer {
  return createSharpnessAware('gsam', model, {
    ascent: CROSS_ENTROPY_ASCENT,
    rhoAt: gsamRho,
    descent: (cleanGrads, perturbedGrads, hparams: Hyperparams) =>
      gsamDirection(cleanGrads, perturbedGrads, hparams.gsamAlpha),
  });
}
