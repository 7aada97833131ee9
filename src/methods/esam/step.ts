/**
 * ESAM, efficient SAM (Du et al., ICLR 2022; reference dydjw9/Efficient_SAM `utils/Esam.py`):
 * - SWP (stochastic weight perturbation): each parameter tensor is perturbed with probability β, and
 *   e = ρ·g/(β·(‖g‖ + 1e-7)) over the kept tensors (the dropped ones get no ascent gradient, as in the
 *   reference, where they have requires_grad off: the clean backward skips their weight gradients).
 * - SDS (sharpness-sensitive data selection): a no-grad forward at w+e scores each example by
 *   ℓ_i(w+e) - ℓ_i(w); the descent pass at w+e uses only the ⌊γ·n⌋ (at least 1) highest.
 * Choices where ALGORITHMS.md is silent: the tensors are drawn on the host from the run's seed and
 * the step (never Math.random), at the step itself (the reference draws them at the end of the step
 * before, all kept at step 0); exactly the top ⌊γn⌋ are used (the reference's strict `>` against the
 * k-th value keeps one fewer, and it uses the whole batch for γ ≥ 0.99); only the clean pass moves
 * BatchNorm's statistics (the reference's no-grad forward moves them too). ESAM counts as 2 gradient
 * evaluations per step in its meta (its passes are partial: the saving shows in ms/step).
 * `maskSparsity` reports the share of weights in the tensors SWP left out this step.
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy, perExampleCrossEntropy } from '../../engine/metrics/loss';
import type { TrainableModel } from '../../engine/model/build';
import { createRng, deriveSeed } from '../../engine/random';
import { PytorchSgdStep } from '../common/baseStep';
import { forwardBackward } from '../common/gradients';
import { ascentPerturbation, atPerturbedWeights } from '../common/perturbation';
import { perturbationGeometry, stepMetrics } from '../common/stepMetrics';
import type { DeviceBatch, Optimizer, StepContext, StepScalars } from '../common/types';
import { ESAM_META } from './meta';

/** ESAM's eps in ‖g‖ + eps (the reference's 1e-7). */
const ESAM_EPS = 1e-7;
/** Stream label for deriveSeed, so SWP's draws never coincide with other random streams. */
const SWP_STREAM = 0xe5a0;

/** SWP: which parameter tensors are perturbed this step (each with probability β), from (seed, step). */
export function perturbedTensors(count: number, beta: number, seed: number, step: number): boolean[] {
  const random = createRng(deriveSeed(seed, SWP_STREAM, step));
  return Array.from({ length: count }, () => random() < beta);
}

/** SDS: the examples with the ⌊γ·n⌋ (at least one) largest rises in loss, as a batch. */
export function sharpestExamples(batch: DeviceBatch, lossRise: tf.Tensor1D, gamma: number): DeviceBatch {
  return tf.tidy(() => {
    const n = lossRise.size;
    const count = Math.min(n, Math.max(1, Math.floor(gamma * n)));
    const { indices } = tf.topk(lossRise, count);
    return {
      x: tf.gather(batch.x, indices),
      labels: tf.gather(batch.labels, indices) as tf.Tensor1D,
      targets: tf.gather(batch.targets, indices) as tf.Tensor2D,
    };
  });
}

export function createEsam(model: TrainableModel): Optimizer {
  const base = new PytorchSgdStep(model.params);
  const training = (x: tf.Tensor) => () => model.logits(x, true);
  const paramCount = model.params.reduce((sum, p) => sum + p.size, 0);
  return {
    name: 'esam',
    gradEvalsPerStep: ESAM_META.gradEvalsPerStep,
    state: base.buffers,
    step({ batch, hparams, lr, step, seed = 0 }: StepContext): StepScalars {
      const kept = perturbedTensors(model.params.length, hparams.esamBeta, seed, step);
      const keptParams = model.params.filter((_, i) => kept[i]);
      const lossOf = (targets: tf.Tensor2D) => (logits: tf.Tensor2D) => crossEntropy(logits, targets);
      return tf.tidy(() => {
        const clean =
          keptParams.length > 0
            ? forwardBackward(training(batch.x), lossOf(batch.targets), keptParams)
            : cleanForward(batch);
        const keptPerturbation =
          keptParams.length > 0
            ? ascentPerturbation(
                clean.grads,
                keptParams,
                { rho: hparams.rho / hparams.esamBeta, adaptive: hparams.adaptive },
                ESAM_EPS,
              )
            : [];
        const scatter = (keptTensors: readonly tf.Tensor[]) => {
          let next = 0;
          return model.params.map((p, i) => (kept[i] ? (keptTensors[next++] as tf.Tensor) : tf.zerosLike(p)));
        };
        const ascentGrads = scatter(clean.grads);
        const perturbation = scatter(keptPerturbation);
        const { perturbedLogits, descent } = atPerturbedWeights(model, perturbation, () => {
          const logits = model.logits(batch.x, true);
          const lossRise = perExampleCrossEntropy(logits, batch.targets).sub(
            perExampleCrossEntropy(clean.logits, batch.targets),
          ) as tf.Tensor1D;
          const selected = sharpestExamples(batch, lossRise, hparams.esamGamma);
          return {
            perturbedLogits: logits,
            descent: forwardBackward(training(selected.x), lossOf(selected.targets), model.params),
          };
        });
        base.apply(descent.grads, hparams, lr);
        const droppedWeights = model.params.reduce((sum, p, i) => sum + (kept[i] ? 0 : p.size), 0);
        return {
          ...stepMetrics(
            batch,
            { logits: clean.logits, loss: clean.value },
            { logits: perturbedLogits, ...perturbationGeometry(ascentGrads, perturbation, descent.grads) },
          ),
          maskSparsity: tf.scalar(droppedWeights / paramCount),
        };
      });

      /** Every tensor dropped: the clean pass is a forward only and e = 0. */
      function cleanForward(b: DeviceBatch) {
        const logits = model.logits(b.x, true);
        return { logits, value: crossEntropy(logits, b.targets), grads: [] as tf.Tensor[] };
      }
    },
    dispose: () => base.dispose(),
  };
}
