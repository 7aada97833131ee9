/**
 * How SSAM chooses its masks (reference Mi-Peng/Sparse-Sharpness-Aware-Minimization `solver/sam.py`):
 * SSAM-F keeps the weights with the largest empirical Fisher; SSAM-D drops the live weights with the
 * smallest |g| and regrows as many dead ones at random. Counts follow the reference's rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from '../../engine/metrics/loss';
import type { TrainableModel } from '../../engine/model/build';
import { valueAndGrads } from '../common/gradients';
import { restoreVariables, snapshotVariables } from '../common/perturbation';
import { flatten, topKMask } from '../common/perturbationMask';
import type { DeviceBatch } from '../common/types';

/** The reference adds 1e-7 to scores so that a zero score still beats a masked-out entry. */
const SCORE_EPS = 1e-7;

/**
 * Empirical Fisher Σ_k (∇ℓ_k)² over single-example gradients, as the reference (batch size 1, plain
 * CE, training-mode forward). The examples are the first `samples` of the batch (at most all of it:
 * the optimizer sees no other data). The reference's passes also move BatchNorm's moving statistics;
 * here they are put back, so only the step's clean pass moves them.
 */
export function empiricalFisher(model: TrainableModel, batch: DeviceBatch, samples: number): tf.Tensor[] {
  return tf.tidy(() => {
    const count = Math.min(samples, batch.labels.shape[0]);
    const numClasses = batch.targets.shape[1];
    const batchNorm = snapshotVariables(model.stateVariables);
    let fisher: tf.Tensor[] = model.params.map((p) => tf.zerosLike(p));
    for (let k = 0; k < count; k++) {
      const next = tf.tidy(() => {
        const x = tf.slice(batch.x, [k], [1]);
        const target = tf.oneHot(tf.slice(batch.labels, [k], [1]), numClasses).toFloat() as tf.Tensor2D;
        const { grads } = valueAndGrads(() => crossEntropy(model.logits(x, true), target), model.params);
        return fisher.map((f, i) => f.add(tf.square(grads[i] as tf.Tensor)));
      });
      tf.dispose(fisher);
      fisher = next;
    }
    restoreVariables(model.stateVariables, batchNorm);
    return fisher;
  });
}

/** SSAM-F: 1 on the ⌊N·(1-s)⌋ weights with the largest Fisher value. */
export function fisherMask(fisher: readonly tf.Tensor[], sparsity: number): tf.Tensor1D {
  return tf.tidy(() => {
    const scores = flatten(fisher);
    return topKMask(scores, Math.floor(scores.size * (1 - sparsity)));
  });
}

/** SSAM-D's drop rate at step t of T: dr·(1 + cos(πt/T))/2; dr throughout when T is unknown. */
export function dropRateAt(dropRate: number, step: number, totalSteps: number | undefined): number {
  if (totalSteps === undefined || totalSteps <= 0) return dropRate;
  return (dropRate * (1 + Math.cos(Math.PI * Math.min(1, step / totalSteps)))) / 2;
}

/** SSAM-D's first mask: N - ⌈N·s⌉ live weights chosen by `randomScores` (uniform in [0, 1)). */
export function randomMask(randomScores: tf.Tensor1D, sparsity: number): tf.Tensor1D {
  const n = randomScores.size;
  return topKMask(randomScores, n - Math.ceil(n * sparsity));
}

/**
 * SSAM-D's update, with L = N - N·s live weights wanted: keep the ⌊L·(1-d)⌋ live weights with the
 * largest |g|, and regrow ⌊min(L·d, N·s)⌋ dead ones with the largest random scores.
 */
export function dropAndRegrow(
  mask: tf.Tensor1D,
  absGrad: tf.Tensor1D,
  randomScores: tf.Tensor1D,
  sparsity: number,
  dropRate: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const n = mask.size;
    const live = n - n * sparsity;
    const kept = topKMask(absGrad.add(SCORE_EPS).mul(mask), Math.floor(live * (1 - dropRate)));
    const regrown = topKMask(
      randomScores.add(SCORE_EPS).mul(tf.sub(1, mask)),
      Math.floor(Math.min(live * dropRate, n * sparsity)),
    );
    // Disjoint unless fewer weights are dead than regrow; the minimum keeps the mask binary then.
    return tf.minimum(kept.add(regrown), 1) as tf.Tensor1D;
  });
}
