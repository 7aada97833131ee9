/**
 * Common-ρ sharpness under each adversary: at a run's weights, one ascent step of the same radius ρ
 * along SAM's cross-entropy gradient and along BiSAM's Q (tanh and −log bounds), per chunk of 128
 * probe examples like a training step. Measured at matched weights and data, this is BiSAM's claim:
 * its adversary flips more predictions from right to wrong than SAM's.
 */
import * as tf from '@tensorflow/tfjs';
import { ADVERSARIES, type Adversary, type CommonRhoResult } from '../../config/probes';
import { bisamObjective, negLogBound, tanhBound } from '../../methods/bisam/objective';
import { ascentPerturbation } from '../../methods/common/perturbation';
import { crossEntropy, smoothedTargets } from '../metrics/loss';
import { perturbationEffect } from '../metrics/sharpness';
import type { ChunkObjective, ProbeCost, ProbeEvaluator } from './evaluator';
import type { ProbeChunk } from './probeBatch';
import type { ProbeTask } from './types';

export interface CommonRhoSettings {
  /** Radius of the ascent step, the same for every run. */
  readonly rho: number;
  /** Q's temperature μ and the tanh bound's slope α. */
  readonly mu: number;
  readonly alpha: number;
  /** The run's label smoothing: the loss measured is its training loss. */
  readonly smoothing: number;
}

function adversaryObjective(
  adversary: Adversary,
  settings: CommonRhoSettings,
  numClasses: number,
): ChunkObjective {
  const { mu, alpha, smoothing } = settings;
  switch (adversary) {
    case 'ce':
      return (logits, chunk) => crossEntropy(logits, smoothedTargets(chunk.labels, numClasses, smoothing));
    case 'qTanh':
      return (logits, chunk) => bisamObjective(logits, chunk.labels, tanhBound(alpha), mu);
    case 'qLog':
      return (logits, chunk) => bisamObjective(logits, chunk.labels, negLogBound, mu);
  }
}

/** [n·ΔL, n·Δerr, flips] of adversary A on one chunk. */
function chunkEffect(
  evaluator: ProbeEvaluator,
  weights: readonly tf.Tensor[],
  chunk: ProbeChunk,
  objective: ChunkObjective,
  settings: CommonRhoSettings,
  cost: ProbeCost,
): tf.Tensor1D {
  const { logits, grads } = evaluator.chunkGradientAt(weights, chunk, objective, cost);
  const perturbation = ascentPerturbation(grads, [], { rho: settings.rho, adaptive: false });
  const perturbed = tf.tidy(() => weights.map((w, i) => w.add(perturbation[i] as tf.Tensor)));
  const perturbedLogits = evaluator.chunkLogitsAt(perturbed, chunk, cost);
  const sums = tf.tidy(() => {
    const targets = smoothedTargets(chunk.labels, evaluator.batch.numClasses, settings.smoothing);
    const effect = perturbationEffect(
      { logits, loss: crossEntropy(logits, targets) },
      perturbedLogits,
      chunk.labels,
      targets,
    );
    const n = chunk.labels.shape[0];
    return tf.stack([effect.sharpness, effect.errorRateChange, effect.flipRate]).mul(n) as tf.Tensor1D;
  });
  tf.dispose([logits, ...grads, ...perturbation, ...perturbed, perturbedLogits]);
  return sums;
}

/** All three adversaries on every chunk; yields after each chunk's ascent gradient. */
export async function* commonRhoSharpness(
  evaluator: ProbeEvaluator,
  weights: readonly tf.Tensor[],
  settings: CommonRhoSettings,
  cost: ProbeCost,
): ProbeTask<CommonRhoResult> {
  if (!(settings.rho > 0)) throw new Error(`probe rho must be > 0, got ${settings.rho}`);
  const { chunks, numClasses } = evaluator.batch;
  const totals = ADVERSARIES.map(() => tf.zeros([3]));
  const total = chunks.length * ADVERSARIES.length;
  try {
    for (const [c, chunk] of chunks.entries()) {
      for (const [a, adversary] of ADVERSARIES.entries()) {
        const objective = adversaryObjective(adversary, settings, numClasses);
        const sums = chunkEffect(evaluator, weights, chunk, objective, settings, cost);
        const running = totals[a] as tf.Tensor;
        totals[a] = running.add(sums);
        tf.dispose([running, sums]);
        yield { done: c * ADVERSARIES.length + a + 1, total };
      }
    }
    const values = await Promise.all(totals.map((t) => t.data()));
    const n = evaluator.batch.size;
    const effects = ADVERSARIES.map((adversary, a) => {
      const [loss, error, flips] = values[a] as Float32Array;
      return [
        adversary,
        {
          lossIncrease: (loss as number) / n,
          errorIncrease: (error as number) / n,
          flips: Math.round(flips as number),
        },
      ];
    });
    return Object.fromEntries(effects) as CommonRhoResult;
  } finally {
    tf.dispose(totals);
  }
}
