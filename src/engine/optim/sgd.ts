/**
 * SGD: one forward-backward pass, then the PyTorch base step. With `sharpnessProbeEvery = k > 0`,
 * every k-th step also measures what SAM would see: one extra forward pass (no backward) at
 * w + ρ·g/‖g‖ (or ASAM's e), reported as the same sharpness metrics; g is the clean CE gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { OPTIMIZER_INFO } from '../../config/optimizers';
import { batchAccuracy, crossEntropy } from '../metrics/loss';
import { perturbationEffect } from '../metrics/sharpness';
import type { TrainableModel } from '../model/build';
import { PytorchSgdStep } from './baseStep';
import { forwardBackward, globalNorm } from './gradients';
import { ascentPerturbation, atPerturbedWeights } from './perturbation';
import type { Optimizer, StepContext, StepScalars } from './types';

export function createSgd(model: TrainableModel): Optimizer {
  const base = new PytorchSgdStep(model.params);
  return {
    name: 'sgd',
    gradEvalsPerStep: OPTIMIZER_INFO.sgd.gradEvalsPerStep,
    state: base.buffers,
    step({ batch, hparams, lr, step }: StepContext): StepScalars {
      return tf.tidy(() => {
        const clean = forwardBackward(
          () => model.logits(batch.x, true),
          (logits) => crossEntropy(logits, batch.targets),
          model.params,
        );
        const scalars: StepScalars = {
          loss: clean.value,
          accuracy: batchAccuracy(clean.logits, batch.labels),
        };
        const every = hparams.sharpnessProbeEvery;
        if (every > 0 && step % every === 0) {
          // Probe before the update, at the weights the gradient was taken at.
          const perturbation = ascentPerturbation(clean.grads, model.params, hparams);
          const perturbedLogits = atPerturbedWeights(model, perturbation, () => model.logits(batch.x, true));
          Object.assign(scalars, {
            ...perturbationEffect(
              { logits: clean.logits, loss: clean.value },
              perturbedLogits,
              batch.labels,
              batch.targets,
            ),
            ascentGradNorm: globalNorm(clean.grads),
            perturbationNorm: globalNorm(perturbation),
          });
        }
        base.apply(clean.grads, hparams, lr);
        return scalars;
      });
    },
    dispose: () => base.dispose(),
  };
}
