/**
 * BSAM, bilateral SAM (arXiv 2409.13173; reference ajiaaa/BSAM `bsam.py`): besides SAM's probe on the
 * high-loss side it probes the low-loss side, three passes on the same batch:
 *   g = ∇L(w),  g_max = ∇L(w + ρ_max·g/(‖g‖+eps)),  g_min = ∇L(w - ρ_min,t·g/(‖g‖+eps)),
 *   descend along g_max + g - (‖g_max‖/‖g_min‖)·g_min.
 * ρ_max is the `rho` knob. ρ_min,t starts at `bsamRhoMin` and shrinks to 0 in proportion to the
 * learning rate, as the reference's ProportionScheduler over its cosine schedule (a constant rate keeps
 * it at `bsamRhoMin`). Choices where ALGORITHMS.md is silent: eps is added to ‖g_min‖ so a zero g_min
 * gives no NaN; the ASAM switch gives both probes ASAM's form (the reference forces it off); only the
 * clean pass moves BatchNorm's statistics (the reference disables them on the two probes too).
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from '../../engine/metrics/loss';
import type { TrainableModel } from '../../engine/model/build';
import { PytorchSgdStep } from '../common/baseStep';
import { forwardBackward, globalNorm, NORM_EPS } from '../common/gradients';
import { ascentPerturbation, atPerturbedWeights } from '../common/perturbation';
import { learningRateRange, proportionalToLr } from '../common/schedule';
import { perturbationGeometry, stepMetrics } from '../common/stepMetrics';
import type { Optimizer, StepContext, StepScalars } from '../common/types';
import { BSAM_META } from './meta';

/** ρ_min,t: `bsamRhoMin` at the peak learning rate, 0 at the lowest. */
export function bsamRhoMin({
  hparams,
  lr,
  totalSteps,
}: Pick<StepContext, 'hparams' | 'lr' | 'totalSteps'>): number {
  const range = learningRateRange(hparams.lr, hparams.schedule, totalSteps);
  return proportionalToLr(0, hparams.bsamRhoMin, lr, range);
}

/** g_max + g - (‖g_max‖/(‖g_min‖+eps))·g_min. */
export function bilateralDirection(
  clean: readonly tf.Tensor[],
  highSide: readonly tf.Tensor[],
  lowSide: readonly tf.Tensor[],
): tf.Tensor[] {
  return tf.tidy(() => {
    const ratio = globalNorm(highSide).div(globalNorm(lowSide).add(NORM_EPS));
    return highSide.map((gMax, i) =>
      gMax.add(clean[i] as tf.Tensor).sub((lowSide[i] as tf.Tensor).mul(ratio)),
    );
  });
}

export function createBsam(model: TrainableModel): Optimizer {
  const base = new PytorchSgdStep(model.params);
  const training = (x: tf.Tensor) => () => model.logits(x, true);
  return {
    name: 'bsam',
    gradEvalsPerStep: BSAM_META.gradEvalsPerStep,
    state: base.buffers,
    step(context: StepContext): StepScalars {
      const { batch, hparams, lr } = context;
      const lossOf = (logits: tf.Tensor2D) => crossEntropy(logits, batch.targets);
      return tf.tidy(() => {
        const clean = forwardBackward(training(batch.x), lossOf, model.params);
        const rhoMin = bsamRhoMin(context);
        const highStep = ascentPerturbation(clean.grads, model.params, hparams);
        const lowStep = ascentPerturbation(clean.grads, model.params, {
          rho: rhoMin,
          adaptive: hparams.adaptive,
        });
        const high = atPerturbedWeights(model, highStep, () =>
          forwardBackward(training(batch.x), lossOf, model.params),
        );
        const low = atPerturbedWeights(
          model,
          lowStep.map((e) => e.neg()),
          () => forwardBackward(training(batch.x), lossOf, model.params),
        );
        base.apply(bilateralDirection(clean.grads, high.grads, low.grads), hparams, lr);
        return {
          ...stepMetrics(
            batch,
            { logits: clean.logits, loss: clean.value },
            { logits: high.logits, ...perturbationGeometry(clean.grads, highStep, high.grads) },
          ),
          bsamRhoMin: tf.scalar(rhoMin),
        };
      });
    },
    dispose: () => base.dispose(),
  };
}
