/**
 * Evaluates loss, accuracy and gradients over the probe batch at any given weights, on a model of its
 * own: a probe never assigns a run's variables, so it cannot move the run's weights, BatchNorm moving
 * statistics or optimizer state, and probes of several runs can interleave with training freely.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../config/model';
import { forwardBackward } from '../../methods/common/gradients';
import { correctMask, crossEntropy, smoothedTargets } from '../metrics/loss';
import { buildModel, type TrainableModel } from '../model/build';
import { weightKind } from '../model/init';
import type { ProbeBatch, ProbeChunk } from './probeBatch';
import { doubleBackpropHvp, twiceDifferentiableCrossEntropy } from './secondOrder';
import { registerSecondOrderGradients } from './secondOrderGradients';

/** What a probe spent, in full passes over the probe batch. */
export interface ProbeCost {
  gradientEvaluations: number;
  forwardEvaluations: number;
}

export const noCost = (): ProbeCost => ({ gradientEvaluations: 0, forwardEvaluations: 0 });

/** An objective on a chunk's logits (the training loss, or an adversary's). */
export type ChunkObjective = (logits: tf.Tensor2D, chunk: ProbeChunk) => tf.Scalar;

export class ProbeEvaluator {
  private readonly model: TrainableModel;

  /**
   * Dropout is left out (it has no weights, so the parameter lists still match the runs'): the probes
   * use the training-mode forward for its batch statistics, and a random mask would make them noisy.
   */
  constructor(
    layers: readonly LayerSpec[],
    inputShape: readonly number[],
    readonly batch: ProbeBatch,
  ) {
    registerSecondOrderGradients();
    const withoutDropout = layers.filter((layer) => layer.type !== 'dropout');
    this.model = buildModel(withoutDropout, inputShape, batch.numClasses);
  }

  /** The training loss (smoothed cross-entropy) on a chunk. */
  trainingLoss(smoothing: number): ChunkObjective {
    return (logits, chunk) =>
      crossEntropy(logits, smoothedTargets(chunk.labels, this.batch.numClasses, smoothing));
  }

  /** Mean objective's gradient over the probe batch at `weights` (caller owns the tensors). */
  gradient(weights: readonly tf.Tensor[], objective: ChunkObjective, cost: ProbeCost): tf.Tensor[] {
    cost.gradientEvaluations += 1;
    return tf.tidy(() => {
      this.load(weights);
      const total = this.batch.size;
      const parts = this.batch.chunks.map((chunk) => {
        const { grads } = this.chunkGradient(chunk, objective);
        const share = chunk.labels.shape[0] / total;
        return grads.map((g) => g.mul(share));
      });
      return this.model.params.map((_, i) => tf.addN(parts.map((part) => part[i] as tf.Tensor)));
    });
  }

  /**
   * One chunk's share of Hv of the mean training loss over the probe batch at `weights`, by double
   * backprop (exact almost everywhere for ReLU/max-pool networks); about two gradients' work for the
   * chunk. Throws where tfjs lacks a second-order gradient for one of the model's ops (the caller
   * falls back to finite differences).
   */
  chunkHessianVectorProduct(
    weights: readonly tf.Tensor[],
    v: readonly tf.Tensor[],
    smoothing: number,
    chunk: ProbeChunk,
    cost: ProbeCost,
  ): tf.Tensor[] {
    const share = chunk.labels.shape[0] / this.batch.size;
    const hv = tf.tidy(() => {
      this.load(weights);
      const targets = smoothedTargets(chunk.labels, this.batch.numClasses, smoothing);
      const loss = () => twiceDifferentiableCrossEntropy(this.model.logits(chunk.x, true), targets);
      return doubleBackpropHvp(loss, this.model.params, v).map((t) => t.mul(share));
    });
    cost.gradientEvaluations += 2 * share;
    return hv;
  }

  /** Mean training loss and accuracy over the probe batch at `weights` (forward only). */
  lossAndAccuracy(
    weights: readonly tf.Tensor[],
    smoothing: number,
    cost: ProbeCost,
  ): { loss: tf.Scalar; accuracy: tf.Scalar } {
    cost.forwardEvaluations += 1;
    return tf.tidy(() => {
      this.load(weights);
      const loss = this.trainingLoss(smoothing);
      const perChunk = this.batch.chunks.map((chunk) => {
        const logits = this.model.logits(chunk.x, true);
        const n = chunk.labels.shape[0];
        return { loss: loss(logits, chunk).mul(n), correct: tf.sum(correctMask(logits, chunk.labels)) };
      });
      const total = this.batch.size;
      return {
        loss: tf.addN(perChunk.map((c) => c.loss)).div(total) as tf.Scalar,
        accuracy: tf.addN(perChunk.map((c) => c.correct)).div(total) as tf.Scalar,
      };
    });
  }

  /** Logits and gradient of `objective` on one chunk at `weights` (a chunk costs its share of a pass). */
  chunkGradientAt(
    weights: readonly tf.Tensor[],
    chunk: ProbeChunk,
    objective: ChunkObjective,
    cost: ProbeCost,
  ): { logits: tf.Tensor2D; grads: tf.Tensor[] } {
    cost.gradientEvaluations += chunk.labels.shape[0] / this.batch.size;
    return tf.tidy(() => {
      this.load(weights);
      return this.chunkGradient(chunk, objective);
    });
  }

  /** Training-mode logits of one chunk at `weights`. */
  chunkLogitsAt(weights: readonly tf.Tensor[], chunk: ProbeChunk, cost: ProbeCost): tf.Tensor2D {
    cost.forwardEvaluations += chunk.labels.shape[0] / this.batch.size;
    return tf.tidy(() => {
      this.load(weights);
      return this.model.logits(chunk.x, true);
    });
  }

  private chunkGradient(chunk: ProbeChunk, objective: ChunkObjective) {
    const { logits, grads } = forwardBackward(
      () => this.model.logits(chunk.x, true),
      (z) => objective(z, chunk),
      this.model.params,
    );
    return { logits, grads };
  }

  private load(weights: readonly tf.Tensor[]): void {
    if (weights.length !== this.model.params.length) {
      throw new Error(`probe weights: expected ${this.model.params.length} tensors, got ${weights.length}`);
    }
    this.model.params.forEach((param, i) => {
      param.assign(weights[i] as tf.Tensor);
    });
  }

  /** Shapes and kinds of the parameters, in order (directions and starting vectors take them). */
  get params(): { shape: number[]; kind: ReturnType<typeof weightKind> }[] {
    return this.model.params.map((p) => ({ shape: [...p.shape], kind: weightKind(p) }));
  }

  dispose(): void {
    this.model.dispose();
  }
}
