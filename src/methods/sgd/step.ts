/**
 * SGD: one forward-backward pass, then the PyTorch base step. With `sgdProbeEvery = k > 0`,
 * every k-th step also measures what SAM would see: one extra forward pass (no backward) at
 * w + ρ·g/‖g‖ (or ASAM's e), reported as the same sharpness metrics; g is the clean CE gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from '../../engine/metrics/loss';
import type { TrainableModel } from '../../engine/model/build';
import { PytorchSgdStep } from '../common/baseStep';
import { forwardBackward, globalNorm, NORM_EPS } from '../common/gradients';
import { ascentPerturbation, atPerturbedWeights } from '../common/perturbation';
import { perturbationGeometry, stepMetrics } from '../common/stepMetrics';
import type { Optimizer, StepContext, StepScalars } from '../common/types';
import { SGD_META } from './meta';

export function createSgd(model: TrainableModel): Optimizer {
  const base = new PytorchSgdStep(model.params);
  return {
    name: 'sgd',
    gradEvalsPerStep: SGD_META.gradEvalsPerStep,
    state: base.buffers,
    step({ batch, hparams, lr, step }: StepContext): StepScalars {
      return tf.tidy(() => {
        const clean = forwardBackward(
          () => model.logits(batch.x, true),
          (logits) => crossEntropy(logits, batch.targets),
          model.params,
        );
        const cleanPass = { logits: clean.logits, loss: clean.value };
        const every = hparams.sgdProbeEvery;
        // Probe before the update, at the weights the gradient was taken at.
        const gradNorm = every > 0 && step % every === 0 ? globalNorm(clean.grads) : undefined;
        const perturbation = gradNorm
          ? ascentPerturbation(clean.grads, model.params, hparams, NORM_EPS, gradNorm)
          : undefined;
        const scalars = perturbation
          ? stepMetrics(batch, cleanPass, {
              logits: atPerturbedWeights(model, perturbation, () => model.logits(batch.x, true)),
              ...perturbationGeometry(clean.grads, perturbation, undefined, gradNorm),
            })
          : stepMetrics(batch, cleanPass);
        base.apply(clean.grads, hparams, lr);
        return scalars;
      });
    },
    dispose: () => base.dispose(),
  };
}
