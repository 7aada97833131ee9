import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gatherBatch } from '../data/batcher';
import { syntheticDataset } from '../data/synthetic';
import { normalisePixels, unitPixelBatch } from './pixels';

describe('unitPixelBatch and normalisePixels', () => {
  it('give, normalised, exactly the inputs training and clean evaluation see', async () => {
    const dataset = syntheticDataset({ trainCount: 4, testCount: 12 });
    const unit = unitPixelBatch(dataset, 3, 9);
    expect(Math.min(...unit.x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...unit.x)).toBeLessThanOrEqual(1);
    const reference = gatherBatch(dataset, dataset.test, [3, 4, 5, 6, 7, 8]);
    expect(unit.labels).toEqual(reference.labels);
    const normalised = tf.tidy(() =>
      normalisePixels(tf.tensor4d(unit.x, [6, ...dataset.imageShape]), dataset),
    );
    const values = (await normalised.data()) as Float32Array;
    normalised.dispose();
    for (const [i, v] of values.entries()) expect(v).toBeCloseTo(reference.x[i] as number, 5);
  });

  it('normalises each channel with its own mean and std', async () => {
    // One pixel, three channels at 0.5: (0.5 − m_c)/s_c.
    const out = tf.tidy(() =>
      normalisePixels(tf.fill([1, 1, 1, 3], 0.5) as tf.Tensor4D, { mean: [0.1, 0.5, 0.9], std: [0.5, 1, 2] }),
    );
    expect([...(await out.data())].map((v) => Number(v.toFixed(6)))).toEqual([0.8, 0, -0.2]);
    out.dispose();
  });
});
