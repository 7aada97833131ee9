/**
 * The one two-pass method behind SAM, BiSAM, GSAM and SSAM, parameterised by what each changes:
 *   g_a = ∇A(w)  (A = CE for SAM, Q for BiSAM),   e = ρ·g_a/(‖g_a‖+eps) (or ASAM's form; SSAM masks it),
 *   g_d = ∇L(w + e),   restore w,   base step with g_d (GSAM: g_d - α·g_⊥).
 * Both passes use batch statistics; only the clean one updates BatchNorm's moving statistics. The
 * reported loss is always the clean CE L(w) from the first-pass logits, so all the curves compare.
 *
 * With m-sharpness (`hparams.m`), the passes run per group of m examples, each with its own e, and the
 * base step takes the size-weighted mean of the groups' descent directions (see groups.ts). The metrics
 * then come from the groups' logits put back together; ‖g_a‖, ‖e‖ and the cosine are size-weighted
 * means over the groups.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from '../../config/optimizers';
import { crossEntropy } from '../../engine/metrics/loss';
import type { TrainableModel } from '../../engine/model/build';
import { OPTIMIZER_INFO, type OptimizerName } from '../metas';
import { PytorchSgdStep } from './baseStep';
import { forwardBackward, globalNorm, NORM_EPS, weightedSum } from './gradients';
import { type BatchGroup, GroupedBatchNorm, splitIntoGroups } from './groups';
import { ascentPerturbation, atPerturbedWeights } from './perturbation';
import { type PerturbationGeometry, perturbationGeometry, stepMetrics } from './stepMetrics';
import type { DeviceBatch, Optimizer, StepContext, StepScalars } from './types';

/** What the adversary maximises on the first-pass logits. */
export interface AscentObjective {
  /** Reported per step under this metric name (BiSAM's `bisamQ`); omitted when it is the CE itself. */
  readonly reportAs?: 'bisamQ';
  value(logits: tf.Tensor2D, batch: DeviceBatch, hparams: Hyperparams): tf.Scalar;
}

/** SAM's adversary: the training loss itself. */
export const CROSS_ENTROPY_ASCENT: AscentObjective = {
  value: (logits, batch) => crossEntropy(logits, batch.targets),
};

/** What a method changes in SAM's step. Every hook is optional; without them the step is SAM's. */
export interface TwoPassVariant {
  readonly ascent: AscentObjective;
  /** ρ in force this step, reported as the `rho` metric (GSAM's ρ_t); default `hparams.rho`. */
  rhoAt?(context: StepContext): number;
  /** e from one group's ascent gradient (SSAM masks SAM's e); ‖g_a‖ is there to reuse. */
  perturbation?(
    ascentGrads: readonly tf.Tensor[],
    hparams: Hyperparams,
    rho: number,
    ascentGradNorm: tf.Scalar,
  ): tf.Tensor[];
  /** The direction one group hands to the base step, from its g_a and g_d = ∇L(w+e) (GSAM). */
  descent?(
    ascentGrads: readonly tf.Tensor[],
    descentGrads: readonly tf.Tensor[],
    hparams: Hyperparams,
  ): tf.Tensor[];
  /** First thing in the step, inside its tidy (SSAM-F's Fisher mask); may add metrics. */
  beforeStep?(context: StepContext): Partial<StepScalars>;
  /** Last thing in the step, with the batch's g_a (SSAM-D's drop and regrow); may add metrics. */
  afterStep?(context: StepContext, ascentGrads: readonly tf.Tensor[]): Partial<StepScalars>;
  /** Long-lived state of the variant; `Optimizer.state` lists it after the momentum buffers. */
  readonly state?: readonly tf.Variable[];
  dispose?(): void;
}

/** One group's passes, reduced to what the step and its metrics need (the rest is freed). */
type GroupResult = {
  direction: tf.Tensor[];
  ascentGrads: tf.Tensor[];
  cleanLogits: tf.Tensor2D;
  perturbedLogits: tf.Tensor2D;
  loss: tf.Scalar;
  ascentValue: tf.Scalar;
  geometry: Required<PerturbationGeometry>;
};

export function createSharpnessAware(
  name: Exclude<OptimizerName, 'sgd'>,
  model: TrainableModel,
  variant: TwoPassVariant,
): Optimizer {
  const base = new PytorchSgdStep(model.params);
  const training = (x: tf.Tensor) => () => model.logits(x, true);
  const perturb =
    variant.perturbation ??
    ((grads: readonly tf.Tensor[], hparams: Hyperparams, rho: number, gradNorm: tf.Scalar) =>
      ascentPerturbation(grads, model.params, { rho, adaptive: hparams.adaptive }, NORM_EPS, gradNorm));

  function groupPasses({ batch }: BatchGroup, hparams: Hyperparams, rho: number): GroupResult {
    return tf.tidy(() => {
      const ascent = forwardBackward(
        training(batch.x),
        (logits) => variant.ascent.value(logits, batch, hparams),
        model.params,
      );
      // ‖g_a‖ once: SAM's e and the reported geometry both use it.
      const ascentGradNorm = globalNorm(ascent.grads);
      const perturbation = perturb(ascent.grads, hparams, rho, ascentGradNorm);
      const descent = atPerturbedWeights(model, perturbation, () =>
        forwardBackward(training(batch.x), (logits) => crossEntropy(logits, batch.targets), model.params),
      );
      return {
        direction: variant.descent ? variant.descent(ascent.grads, descent.grads, hparams) : descent.grads,
        ascentGrads: ascent.grads,
        cleanLogits: ascent.logits,
        perturbedLogits: descent.logits,
        loss: variant.ascent.reportAs ? crossEntropy(ascent.logits, batch.targets) : ascent.value,
        ascentValue: ascent.value,
        geometry: perturbationGeometry(
          ascent.grads,
          perturbation,
          descent.grads,
          ascentGradNorm,
        ) as Required<PerturbationGeometry>,
      };
    });
  }

  /** The groups' passes; with several groups, BatchNorm ends at the mean of their clean passes. */
  function allGroups(groups: readonly BatchGroup[], hparams: Hyperparams, rho: number): GroupResult[] {
    if (groups.length === 1) return groups.map((group) => groupPasses(group, hparams, rho));
    const batchNorm = new GroupedBatchNorm(model.stateVariables);
    const results = groups.map((group) => {
      batchNorm.rewind();
      // The clean pass is the first in groupPasses; the perturbed one restores what it left.
      const result = groupPasses(group, hparams, rho);
      batchNorm.record(group.weight);
      return result;
    });
    batchNorm.commit();
    return results;
  }

  return {
    name,
    gradEvalsPerStep: OPTIMIZER_INFO[name].gradEvalsPerStep,
    state: [...base.buffers, ...(variant.state ?? [])],
    step(context: StepContext): StepScalars {
      const { batch, hparams, lr } = context;
      return tf.tidy(() => {
        const before = variant.beforeStep?.(context) ?? {};
        const rho = variant.rhoAt ? variant.rhoAt(context) : hparams.rho;
        const groups = splitIntoGroups(batch, hparams.m);
        const weights = groups.map((g) => g.weight);
        const results = allGroups(groups, hparams, rho);
        const mean = (pick: (r: GroupResult) => tf.Scalar) =>
          tf.addN(results.map((r, k) => pick(r).mul(weights[k] as number))) as tf.Scalar;
        const single = results.length === 1 ? results[0] : undefined;
        // Weight decay is in base.apply only: neither g_a nor the metrics below see it.
        base.apply(
          weightedSum(
            results.map((r) => r.direction),
            weights,
          ),
          hparams,
          lr,
        );
        const cleanLogits = single?.cleanLogits ?? tf.concat(results.map((r) => r.cleanLogits));
        const perturbedLogits = single?.perturbedLogits ?? tf.concat(results.map((r) => r.perturbedLogits));
        const loss = single?.loss ?? mean((r) => r.loss);
        const scalars: StepScalars = {
          ...stepMetrics(
            batch,
            { logits: cleanLogits, loss },
            {
              logits: perturbedLogits,
              ascentGradNorm: single?.geometry.ascentGradNorm ?? mean((r) => r.geometry.ascentGradNorm),
              perturbationNorm: single?.geometry.perturbationNorm ?? mean((r) => r.geometry.perturbationNorm),
              gradCosine: single?.geometry.gradCosine ?? mean((r) => r.geometry.gradCosine),
            },
          ),
          ...before,
        };
        if (variant.ascent.reportAs)
          scalars[variant.ascent.reportAs] = single?.ascentValue ?? mean((r) => r.ascentValue);
        if (variant.rhoAt) scalars.rho = tf.scalar(rho);
        if (variant.afterStep) {
          const ascentGrads = weightedSum(
            results.map((r) => r.ascentGrads),
            weights,
          );
          Object.assign(scalars, variant.afterStep(context, ascentGrads));
        }
        return scalars;
      });
    },
    dispose: () => {
      base.dispose();
      variant.dispose?.();
    },
  };
}
