/**
 * The one two-pass method behind SAM and BiSAM, parameterised by the ascent objective:
 *   g_a = ∇A(w)  (A = CE for SAM, Q for BiSAM),   e = ρ·g_a/(‖g_a‖+eps) (or ASAM's form),
 *   g_d = ∇L(w + e),   restore w,   base step with g_d.
 * Both passes use batch statistics; only the clean one updates BatchNorm's moving statistics. The
 * reported loss is always the clean CE L(w) from the first-pass logits, so SAM and BiSAM curves compare.
 */
import * as tf from '@tensorflow/tfjs';
import { type Hyperparams, OPTIMIZER_INFO, type OptimizerName } from '../../config/optimizers';
import { batchAccuracy, crossEntropy } from '../metrics/loss';
import { perturbationEffect } from '../metrics/sharpness';
import type { TrainableModel } from '../model/build';
import { PytorchSgdStep } from './baseStep';
import { forwardBackward, globalCosine, globalNorm } from './gradients';
import { ascentPerturbation, atPerturbedWeights } from './perturbation';
import type { DeviceBatch, Optimizer, StepContext, StepScalars } from './types';

/** What the adversary maximises on the first-pass logits. */
export interface AscentObjective {
  /** Reported per step under this metric name (BiSAM's `q`); omitted when it is the CE itself. */
  readonly reportAs?: 'q';
  value(logits: tf.Tensor2D, batch: DeviceBatch, hparams: Hyperparams): tf.Scalar;
}

export function createSharpnessAware(
  name: Exclude<OptimizerName, 'sgd'>,
  model: TrainableModel,
  ascentObjective: AscentObjective,
): Optimizer {
  const base = new PytorchSgdStep(model.params);
  const training = (x: tf.Tensor) => () => model.logits(x, true);
  return {
    name,
    gradEvalsPerStep: OPTIMIZER_INFO[name].gradEvalsPerStep,
    state: base.buffers,
    step({ batch, hparams, lr }: StepContext): StepScalars {
      return tf.tidy(() => {
        const ascent = forwardBackward(
          training(batch.x),
          (logits) => ascentObjective.value(logits, batch, hparams),
          model.params,
        );
        const perturbation = ascentPerturbation(ascent.grads, model.params, hparams);
        const descent = atPerturbedWeights(model, perturbation, () =>
          forwardBackward(training(batch.x), (logits) => crossEntropy(logits, batch.targets), model.params),
        );
        base.apply(descent.grads, hparams, lr);
        // Weight decay is in base.apply only: neither g_a nor the metrics below see it.
        const loss = ascentObjective.reportAs ? crossEntropy(ascent.logits, batch.targets) : ascent.value;
        const scalars: StepScalars = {
          loss,
          accuracy: batchAccuracy(ascent.logits, batch.labels),
          ...perturbationEffect({ logits: ascent.logits, loss }, descent.logits, batch.labels, batch.targets),
          ascentGradNorm: globalNorm(ascent.grads),
          perturbationNorm: globalNorm(perturbation),
          gradCosine: globalCosine(ascent.grads, descent.grads),
        };
        if (ascentObjective.reportAs) scalars[ascentObjective.reportAs] = ascent.value;
        return scalars;
      });
    },
    dispose: () => base.dispose(),
  };
}
