/**
 * SAMPa, SAM parallelised (Xie et al. 2024; reference LIONS-EPFL/SAMPa `train.py`): the perturbation
 * reuses the gradient taken at the previous step's look-ahead point y_t, so the step's two gradients
 * no longer depend on each other:
 *   x̃_t = x_t + ρ·∇f(y_t)/‖∇f(y_t)‖,   y_{t+1} = x_t - η_t·d(∇f(y_t)),
 *   x_{t+1} = base step with (1-λ)·∇f(x̃_t) + λ·∇f(y_{t+1}).
 * ∇f(y_t) is optimizer state (after the momentum buffers), so snapshots and forks carry it; it starts
 * at 0, so step 0 has no perturbation (x̃_0 = x_0), as in the reference.
 *
 * Here the two independent gradients run one after the other (one tfjs worker; its meta says so).
 * Choices where ALGORITHMS.md is silent, after the reference:
 * - d(·) is the base step's own direction (momentum, weight decay, Nesterov) with the current buffers,
 *   left unchanged; with β = λ_wd = 0 it is the page's y_{t+1} = x_t - η_t·∇f(y_t). (The reference adds
 *   weight decay only once a momentum buffer exists, i.e. not at step 0; here it is there from step 0.)
 * - Batches: the reference takes ∇f(x̃_t) on the previous batch (the one ∇f(y_t) came from). A lockstep
 *   step sees only its own batch and the state keeps no batch, so both gradients use batch t.
 * - The metrics need L(x_t), which SAMPa never evaluates: one extra training-mode forward pass at x_t
 *   (no backward) gives loss, accuracy and the sharpness metrics, and, as every method's clean pass
 *   here, it is the only pass that moves BatchNorm's statistics (the reference's come from x̃_t).
 * - The ASAM switch gives x̃_t ASAM's form. ‖·‖ has eps 1e-12 as SAM (the reference's too).
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from '../../engine/metrics/loss';
import type { TrainableModel } from '../../engine/model/build';
import { PytorchSgdStep } from '../common/baseStep';
import { forwardBackward } from '../common/gradients';
import { ascentPerturbation, atPerturbedWeights } from '../common/perturbation';
import { perturbationGeometry, stepMetrics } from '../common/stepMetrics';
import type { Optimizer, StepContext, StepScalars } from '../common/types';
import { SAMPA_META } from './meta';

export function createSampa(model: TrainableModel): Optimizer {
  const base = new PytorchSgdStep(model.params);
  /** ∇f(y_t), the gradient at the look-ahead point of the previous step; zero before the first step. */
  const lookAheadGrads = model.params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  const training = (x: tf.Tensor) => () => model.logits(x, true);
  return {
    name: 'sampa',
    gradEvalsPerStep: SAMPA_META.gradEvalsPerStep,
    state: [...base.buffers, ...lookAheadGrads],
    step({ batch, hparams, lr }: StepContext): StepScalars {
      const lossOf = (logits: tf.Tensor2D) => crossEntropy(logits, batch.targets);
      return tf.tidy(() => {
        const cleanLogits = model.logits(batch.x, true);
        const cleanLoss = lossOf(cleanLogits);
        const perturbation = ascentPerturbation(lookAheadGrads, model.params, hparams);
        const lookAheadStep = base.peekDirection(lookAheadGrads, hparams).map((d) => d.mul(-lr));
        // The two passes below are independent of each other: each could run in its own worker.
        const perturbed = atPerturbedWeights(model, perturbation, () =>
          forwardBackward(training(batch.x), lossOf, model.params),
        );
        const lookAhead = atPerturbedWeights(model, lookAheadStep, () =>
          forwardBackward(training(batch.x), lossOf, model.params),
        );
        const { sampaLambda: lambda } = hparams;
        // Measured before the state is overwritten with this step's look-ahead gradient.
        const geometry = perturbationGeometry(lookAheadGrads, perturbation, perturbed.grads);
        base.apply(
          perturbed.grads.map((g, i) => g.mul(1 - lambda).add((lookAhead.grads[i] as tf.Tensor).mul(lambda))),
          hparams,
          lr,
        );
        lookAheadGrads.forEach((v, i) => {
          v.assign(lookAhead.grads[i] as tf.Tensor);
        });
        return stepMetrics(
          batch,
          { logits: cleanLogits, loss: cleanLoss },
          { logits: perturbed.logits, ...geometry },
        );
      });
    },
    dispose: () => {
      base.dispose();
      for (const v of lookAheadGrads) v.dispose();
    },
  };
}
