/**
 * Augmentation (ALGORITHMS.md, "Data regimes"): random crop with zero padding, then horizontal flip
 * with p = 0.5, per example. The draws come from (seed, step) alone, so every run of a comparison
 * (and a run that joins later) sees the same augmented batch t. The pixels move on the device: each
 * crop-and-flip is two batched products with 0/1 selection matrices (one for rows, one for columns),
 * which is exact in float32 and runs on every backend; only the offsets travel from the host.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '../random';
import { DATA_STREAMS } from './regime';

export interface Augmentation {
  readonly crop: boolean;
  readonly flip: boolean;
}

/** Per-example draws of one batch; offsets are in [0, 2·padding], padding meaning "no shift". */
export interface AugmentationDraws {
  readonly padding: number;
  readonly rowOffsets: Int32Array;
  readonly columnOffsets: Int32Array;
  readonly flips: Uint8Array;
}

/** Crop padding: 4 for 32×32, 2 for 28×28 (the usual CIFAR and MNIST choices), 1 for small images. */
export function cropPadding(height: number): number {
  if (height >= 32) return 4;
  return Math.max(1, Math.floor(height / 14));
}

/** Why these images cannot be augmented, or undefined when they can. */
export function augmentationProblem(imageShape: readonly [number, number, number]): string | undefined {
  const [h, w] = imageShape;
  return h < 8 || w < 8 ? `augmentation needs images of at least 8×8 pixels, these are ${h}×${w}` : undefined;
}

export function augmentationDraws(
  augmentation: Augmentation,
  batchSize: number,
  height: number,
  seed: number,
  step: number,
): AugmentationDraws {
  const padding = cropPadding(height);
  const rng = createRng(deriveSeed(seed, DATA_STREAMS.augment, step));
  const rowOffsets = new Int32Array(batchSize).fill(padding);
  const columnOffsets = new Int32Array(batchSize).fill(padding);
  const flips = new Uint8Array(batchSize);
  for (let i = 0; i < batchSize; i++) {
    // Three draws per example whatever is on, so turning one part off leaves the others' draws alone.
    const [row, column, flip] = [rng(), rng(), rng()];
    if (augmentation.crop) {
      rowOffsets[i] = Math.floor(row * (2 * padding + 1));
      columnOffsets[i] = Math.floor(column * (2 * padding + 1));
    }
    if (augmentation.flip) flips[i] = flip < 0.5 ? 1 : 0;
  }
  return { padding, rowOffsets, columnOffsets, flips };
}

/**
 * Crops and flips a normalised N×H×W×C batch. Padding is zero before normalisation (black), which
 * is −mean/std after it: `blackValue`.
 */
export function augmentBatch(x: tf.Tensor4D, draws: AugmentationDraws, blackValue: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.tidy(() => {
    // Source row of output row i in example e: i + offset − padding; out-of-range rows select nothing.
    const rows = selection(n, h, (e, i) => i + (draws.rowOffsets[e] as number) - draws.padding);
    const columns = selection(n, w, (e, j) => {
      const cropped = draws.flips[e] ? w - 1 - j : j;
      return cropped + (draws.columnOffsets[e] as number) - draws.padding;
    });
    const byRows = tf.matMul(rows, x.reshape([n, h, w * c])).reshape([n, h, w, c]);
    const transposed = byRows.transpose([0, 2, 1, 3]).reshape([n, w, h * c]);
    const byColumns = tf.matMul(columns, transposed).reshape([n, w, h, c]).transpose([0, 2, 1, 3]);
    // Selected pixels came through unchanged (x·1 + 0s); padded ones are 0 and become black.
    const inside = tf.mul(rows.sum(2).reshape([n, h, 1, 1]), columns.sum(2).reshape([n, 1, w, 1]));
    return byColumns.add(tf.sub(1, inside).mul(blackValue)) as tf.Tensor4D;
  });
}

/** N×size×size 0/1 matrices whose row i picks source index `source(e, i)` (none when out of range). */
function selection(n: number, size: number, source: (example: number, i: number) => number): tf.Tensor3D {
  const indices = new Int32Array(n * size);
  for (let e = 0; e < n; e++) for (let i = 0; i < size; i++) indices[e * size + i] = source(e, i);
  // oneHot gives an all-zero row for an index outside [0, size): the zero padding.
  return tf.oneHot(tf.tensor2d(indices, [n, size], 'int32'), size).toFloat() as tf.Tensor3D;
}
