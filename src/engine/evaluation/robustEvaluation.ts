/**
 * Robust accuracy of several runs (clean, FGSM, PGD-k and Gaussian noise on the first E_r test
 * examples) as an async generator that does one slice of work per `next()`: a gradient evaluation
 * of one run on one chunk, or one run's forward passes. The worker interleaves the slices with
 * training steps. Correct counts stay on the device and come back in one transfer at the end.
 * Abandoning the generator early (`return()`) frees everything it holds.
 */
import * as tf from '@tensorflow/tfjs';
import { gradientPassesPerRun, type RobustRecord } from '../../config/robust';
import { evaluationRanges } from '../data/batcher';
import type { ImageDataset } from '../data/dataset';
import type { TrainableModel } from '../model/build';
import { gaussianNoise, pgdStartDirections } from './attackNoise';
import {
  type Classifier,
  correctCount,
  inferenceClassifier,
  lossGradientSign,
  pgdStep,
  pgdStepSize,
  shiftWithinPixelRange,
} from './attacks';
import { unitPixelBatch } from './pixels';
import {
  assertRobustSettings,
  type CountLayout,
  countLayout,
  type RobustSettings,
  unitEpsilons,
} from './robustSettings';

export type { RobustRecord };

/** Examples per slice: one input gradient of a small CNN on them takes tens of ms on WASM. */
export const ROBUST_CHUNK = 100;

/** A model to attack; it must not change while the evaluation runs (pass a frozen copy). */
export interface RobustTarget {
  readonly runId: string;
  /** Which seed of the run; the record carries it. */
  readonly replica?: number;
  readonly step: number;
  readonly model: TrainableModel;
}

export interface RobustProgress {
  readonly completedSlices: number;
  readonly totalSlices: number;
}

interface Chunk {
  readonly x: tf.Tensor4D;
  readonly labels: tf.Tensor1D;
  readonly size: number;
  readonly startDirections?: tf.Tensor4D;
  readonly normals?: tf.Tensor4D;
}

export async function* robustEvaluation(
  targets: readonly RobustTarget[],
  dataset: ImageDataset,
  settings: RobustSettings,
  chunkSize = ROBUST_CHUNK,
): AsyncGenerator<RobustProgress, RobustRecord[], void> {
  assertRobustSettings(settings);
  const n = Math.min(settings.examples, dataset.test.count);
  const layout = countLayout(settings);
  const totalSlices = Math.ceil(n / chunkSize) * targets.length * (1 + gradientPassesPerRun(settings));
  const totals = targets.map(() => tf.tidy(() => tf.variable(tf.zeros([layout.size]), false)));
  const busyMs = targets.map(() => 0);
  const gradientExamples = targets.map(() => 0);
  let chunk: Chunk | undefined;
  let slices: Generator<number, void, void> | undefined;
  let completedSlices = 0;
  try {
    for (const [start, end] of evaluationRanges(n, chunkSize)) {
      chunk = uploadChunk(dataset, settings, start, end);
      for (const [i, target] of targets.entries()) {
        const total = totals[i] as tf.Variable;
        const add = (index: number, count: tf.Scalar) => accumulate(total, layout.size, index, count);
        const classify = inferenceClassifier(target.model, dataset);
        slices = chunkSlices(classify, chunk, settings, layout, add);
        for (;;) {
          const started = performance.now();
          const slice = slices.next();
          busyMs[i] = (busyMs[i] as number) + performance.now() - started;
          if (slice.done) break;
          gradientExamples[i] = (gradientExamples[i] as number) + slice.value;
          completedSlices += 1;
          yield { completedSlices, totalSlices };
        }
      }
      disposeChunk(chunk);
      chunk = undefined;
    }
    const started = performance.now();
    const stacked = tf.stack(totals);
    const counts = (await stacked.data()) as Float32Array;
    stacked.dispose();
    const readMs = (performance.now() - started) / Math.max(1, targets.length);
    return targets.map((target, i) => {
      // Counts are whole numbers; a float reduction on the device may return one a ulp off.
      const at = (index: number) => Math.round(counts[i * layout.size + index] as number) / n;
      return {
        runId: target.runId,
        ...(target.replica === undefined ? {} : { replica: target.replica }),
        step: target.step,
        examples: n,
        clean: at(layout.clean),
        eps: [...settings.eps],
        sigmas: [...settings.sigmas],
        pgdSteps: settings.pgdSteps,
        fgsm: layout.fgsm.map(at),
        pgd: layout.pgd.map(at),
        noise: layout.noise.map(at),
        gradientEvaluations: (gradientExamples[i] as number) / n,
        ms: (busyMs[i] as number) + readMs,
      };
    });
  } finally {
    slices?.return();
    if (chunk) disposeChunk(chunk);
    tf.dispose(totals);
  }
}

/**
 * One run's work on one chunk, a slice per `next()`; yields the number of example gradients the
 * slice computed. Clean and noise accuracy first (forward passes only), then FGSM (one gradient
 * shared by every ε), then PGD (one slice per step, per ε).
 */
function* chunkSlices(
  classify: Classifier,
  chunk: Chunk,
  settings: RobustSettings,
  layout: CountLayout,
  add: (index: number, count: tf.Scalar) => void,
): Generator<number, void, void> {
  const { x, labels, size } = chunk;
  const epsilons = unitEpsilons(settings);
  const countAt = (index: number, input: tf.Tensor4D) => add(index, correctCount(classify, input, labels));
  tf.tidy(() => {
    countAt(layout.clean, x);
    for (const [j, index] of layout.noise.entries())
      countAt(index, shiftWithinPixelRange(x, chunk.normals as tf.Tensor4D, settings.sigmas[j] as number));
  });
  yield 0;
  if (layout.fgsm.length > 0) {
    tf.tidy(() => {
      const sign = lossGradientSign(classify, x, labels);
      for (const [j, index] of layout.fgsm.entries())
        countAt(index, shiftWithinPixelRange(x, sign, epsilons[j] as number));
    });
    yield size;
  }
  let current: tf.Tensor4D | undefined;
  try {
    for (const [j, index] of layout.pgd.entries()) {
      const epsilon = epsilons[j] as number;
      const alpha = pgdStepSize(epsilon, settings.pgdSteps);
      current = shiftWithinPixelRange(x, chunk.startDirections as tf.Tensor4D, epsilon);
      for (let step = 0; step < settings.pgdSteps; step++) {
        const next = pgdStep(classify, x, labels, current, epsilon, alpha);
        current.dispose();
        current = next;
        if (step === settings.pgdSteps - 1) tf.tidy(() => countAt(index, next));
        yield size;
      }
      current.dispose();
      current = undefined;
    }
  } finally {
    current?.dispose();
  }
}

function uploadChunk(dataset: ImageDataset, settings: RobustSettings, start: number, end: number): Chunk {
  const batch = unitPixelBatch(dataset, start, end);
  const shape: [number, number, number, number] = [batch.size, ...dataset.imageShape];
  const pixels = batch.x.length / batch.size;
  const draw = (on: boolean, values: (seed: number, s: number, e: number, p: number) => Float32Array) =>
    on ? tf.tensor4d(values(settings.seed, start, end, pixels), shape) : undefined;
  return {
    x: tf.tensor4d(batch.x, shape),
    labels: tf.tensor1d(batch.labels, 'int32'),
    size: batch.size,
    startDirections: draw(settings.attacks.includes('pgd'), pgdStartDirections),
    normals: draw(settings.attacks.includes('noise'), gaussianNoise),
  };
}

function disposeChunk(chunk: Chunk): void {
  tf.dispose([chunk.x, chunk.labels, chunk.startDirections, chunk.normals].filter((t) => t !== undefined));
}

/** total[index] += count, on the device. */
function accumulate(total: tf.Variable, size: number, index: number, count: tf.Scalar): void {
  tf.tidy(() => {
    const slot = tf
      .oneHot(tf.tensor1d([index], 'int32'), size)
      .reshape([size])
      .toFloat();
    total.assign(tf.add(total, tf.mul(slot, count)));
  });
}
