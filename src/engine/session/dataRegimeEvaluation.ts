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
import type { Run } from './run';

export interface Memorisation {
  readonly noisyTrueAccuracy: number;
  readonly noisyLabelAccuracy: number;
}

/** Per run, on the first `examples` noisy-labelled training examples; undefined without label noise. */
export async function memorisation(
  runs: readonly Run[],
  dataset: RegimeDataset,
  examples: number,
): Promise<Memorisation[] | undefined> {
  const noisy = noisyTraining(dataset);
  if (!noisy || noisy.flipped.length === 0 || runs.length === 0) return undefined;
  const indices = noisy.flipped.subarray(0, Math.min(examples, noisy.flipped.length));
  const host = gatherBatch(dataset, dataset.train, indices);
  const trueLabels = Int32Array.from(indices, (i) => noisy.trueLabels[i] as number);
  const counts = tf.tidy(() => {
    const x = tf.tensor4d(host.x, [host.size, ...dataset.imageShape]);
    const noisyLabels = tf.tensor1d(host.labels, 'int32');
    const truth = tf.tensor1d(trueLabels, 'int32');
    return tf.stack(
      runs.map((run) => {
        const predicted = tf.argMax(run.model.logits(x, false), 1).toInt();
        return tf.stack([tf.equal(predicted, truth).sum(), tf.equal(predicted, noisyLabels).sum()]);
      }),
    );
  });
  const sums = await counts.data();
  counts.dispose();
  return runs.map((_, r) => ({
    noisyTrueAccuracy: (sums[2 * r] as number) / host.size,
    noisyLabelAccuracy: (sums[2 * r + 1] as number) / host.size,
  }));
}

/** True for 2-D feature data, the inputs a decision boundary can be drawn for. */
export function isPlanar(dataset: ImageDataset): boolean {
  const [h, w, c] = dataset.imageShape;
  return h === 1 && w === 1 && c === 2;
}

/** Per run, the predicted class of each grid cell's centre, normalised as training batches are. */
export async function decisionBoundaries(runs: readonly Run[], dataset: ImageDataset): Promise<Uint8Array[]> {
  if (runs.length === 0 || !isPlanar(dataset)) return [];
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
    return tf.stack(runs.map((run) => tf.argMax(run.model.logits(x, false), 1).toInt()));
  });
  const values = await classes.data();
  classes.dispose();
  return runs.map((_, r) => Uint8Array.from(values.subarray(r * n * n, (r + 1) * n * n)));
}
