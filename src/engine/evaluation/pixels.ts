/**
 * Test examples on the [0, 1] pixel scale. Attacks perturb and clip here, before the dataset's
 * normalisation, so ε = 8/255 means eight grey levels whatever the dataset's mean and std.
 */
import * as tf from '@tensorflow/tfjs';
import { exampleValues, type ImageDataset } from '../data/dataset';

export interface UnitPixelBatch {
  /** Pixels / 255, N×H×W×C. */
  readonly x: Float32Array;
  readonly labels: Int32Array;
  /** Index of the first example in the test split. */
  readonly start: number;
  readonly size: number;
}

/** Test examples [start, end) as pixels in [0, 1]. */
export function unitPixelBatch(dataset: ImageDataset, start: number, end: number): UnitPixelBatch {
  const [h, w, c] = dataset.imageShape;
  const pixels = h * w * c;
  const size = end - start;
  const x = new Float32Array(size * pixels);
  for (let i = 0; i < size; i++) {
    const values = exampleValues(dataset.test, start + i, pixels);
    for (let p = 0; p < pixels; p++) x[i * pixels + p] = (values[p] as number) / 255;
  }
  const labels = Int32Array.from(dataset.test.labels.subarray(start, end));
  return { x, labels, start, size };
}

/** Per-channel (or one) mean and std applied to pixels in [0, 1]. */
export interface PixelNormalisation {
  readonly mean: number | readonly number[];
  readonly std: number | readonly number[];
}

/** (x − mean) / std, the model's input; broadcast over the last (channel) axis. */
export function normalisePixels(x01: tf.Tensor4D, { mean, std }: PixelNormalisation): tf.Tensor4D {
  return tf.tidy(() => {
    const asTensor = (v: number | readonly number[]) =>
      typeof v === 'number' ? tf.scalar(v) : tf.tensor1d([...v]);
    return tf.div(tf.sub(x01, asTensor(mean)), asTensor(std)) as tf.Tensor4D;
  });
}
