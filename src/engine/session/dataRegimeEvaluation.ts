/**
 * What evaluation adds for the data regimes: memorisation under label noise (accuracy on the
 * noisy-labelled training examples against their true and their noisy labels, ALGORITHMS.md "Data
 * regimes") and, for 2-D data, the predicted class over a grid of the plane (the decision boundary).
 * Both run batched on the device and come back in one transfer per call.
 */
import * as tf from '@tensorflow/tfjs';
import { DECISION_BOUNDARY } from '../../config/metrics';
import { gatherBatch } from '../data/batcher';
import type { ImageDataset } from '../data/dataset';
import { noisyTraining, type RegimeDataset } from '../data/regime';
import type { TrainableModel } from '../model/build';
import type { Run } from './run';
import type { SeedStream } from './seedStream';

export interface Memorisation {
  readonly noisyTrueAccuracy: number;
  readonly noisyLabelAccuracy: number;
}

/** What an evaluation record adds under a regime: memorisation (label noise), the boundary (2-D data). */
export type RegimeMetrics = Partial<Memorisation> & { readonly boundary?: Uint8Array };

/** Per model, its regime metrics on `dataset` (its training data); empty objects where none applies. */
export async function regimeMetrics(
  models: readonly TrainableModel[],
  dataset: RegimeDataset,
  examples: number,
): Promise<RegimeMetrics[]> {
  const memorised = await memorisation(models, dataset, examples);
  const boundaries = await decisionBoundaries(models, dataset);
  return models.map((_, i) => ({
    ...memorised?.[i],
    ...(boundaries[i] ? { boundary: boundaries[i] } : {}),
  }));
}

/** Per model, on the first `examples` noisy-labelled training examples; undefined without label noise. */
export async function memorisation(
  models: readonly TrainableModel[],
  dataset: RegimeDataset,
  examples: number,
): Promise<Memorisation[] | undefined> {
  const noisy = noisyTraining(dataset);
  if (!noisy || noisy.flipped.length === 0 || models.length === 0) return undefined;
  const indices = noisy.flipped.subarray(0, Math.min(examples, noisy.flipped.length));
  const host = gatherBatch(dataset, dataset.train, indices);
  const trueLabels = Int32Array.from(indices, (i) => noisy.trueLabels[i] as number);
  const counts = tf.tidy(() => {
    const x = tf.tensor4d(host.x, [host.size, ...dataset.imageShape]);
    const noisyLabels = tf.tensor1d(host.labels, 'int32');
    const truth = tf.tensor1d(trueLabels, 'int32');
    return tf.stack(
      models.map((model) => {
        const predicted = tf.argMax(model.logits(x, false), 1).toInt();
        return tf.stack([tf.equal(predicted, truth).sum(), tf.equal(predicted, noisyLabels).sum()]);
      }),
    );
  });
  const sums = await counts.data();
  counts.dispose();
  return models.map((_, r) => ({
    noisyTrueAccuracy: (sums[2 * r] as number) / host.size,
    noisyLabelAccuracy: (sums[2 * r + 1] as number) / host.size,
  }));
}

/** True for 2-D feature data, the inputs a decision boundary can be drawn for. */
export function isPlanar(dataset: ImageDataset): boolean {
  const [h, w, c] = dataset.imageShape;
  return h === 1 && w === 1 && c === 2;
}

/** Per model, the predicted class of each grid cell's centre, normalised as training batches are. */
export async function decisionBoundaries(
  models: readonly TrainableModel[],
  dataset: ImageDataset,
): Promise<Uint8Array[]> {
  if (models.length === 0 || !isPlanar(dataset)) return [];
  const { resolution: n, extent } = DECISION_BOUNDARY;
  const grid = new Float32Array(n * n * 2);
  for (let row = 0; row < n; row++)
    for (let column = 0; column < n; column++) {
      const cell = row * n + column;
      grid[2 * cell] = (-extent + ((column + 0.5) * 2 * extent) / n - dataset.mean) / dataset.std;
      grid[2 * cell + 1] = (extent - ((row + 0.5) * 2 * extent) / n - dataset.mean) / dataset.std;
    }
  const classes = tf.tidy(() => {
    const x = tf.tensor4d(grid, [n * n, 1, 1, 2]);
    return tf.stack(models.map((model) => tf.argMax(model.logits(x, false), 1).toInt()));
  });
  const values = await classes.data();
  classes.dispose();
  return models.map((_, r) => Uint8Array.from(values.subarray(r * n * n, (r + 1) * n * n)));
}

/** Per run, its regime metrics on its own seed's training data (one readback per seed). */
export async function regimeMetricsPerSeed(
  runs: readonly Run[],
  streams: readonly SeedStream[],
  examples: number,
): Promise<RegimeMetrics[]> {
  const extras: RegimeMetrics[] = runs.map(() => ({}));
  for (const stream of streams) {
    const indices = runs.flatMap((run, i) => (run.replica === stream.replica ? [i] : []));
    const models = indices.map((i) => (runs[i] as Run).model);
    const metrics = await regimeMetrics(models, stream.dataset, examples);
    indices.forEach((runIndex, k) => {
      extras[runIndex] = metrics[k] ?? {};
    });
  }
  return extras;
}
