import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { augmentationDraws, augmentationProblem, augmentBatch, cropPadding } from './augment';

const both = { crop: true, flip: true };

/** The definition, pixel by pixel: pad with `black`, take the window at the offsets, mirror if flipped. */
function reference(
  x: Float32Array,
  shape: number[],
  draws: ReturnType<typeof augmentationDraws>,
  black: number,
) {
  const [n, h, w, c] = shape as [number, number, number, number];
  const out = new Float32Array(x.length);
  for (let e = 0; e < n; e++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) {
        const column = draws.flips[e] ? w - 1 - j : j;
        const si = i + (draws.rowOffsets[e] as number) - draws.padding;
        const sj = column + (draws.columnOffsets[e] as number) - draws.padding;
        for (let k = 0; k < c; k++) {
          const inside = si >= 0 && si < h && sj >= 0 && sj < w;
          out[((e * h + i) * w + j) * c + k] = inside
            ? (x[((e * h + si) * w + sj) * c + k] as number)
            : black;
        }
      }
  return out;
}

async function augmentOnDevice(
  shape: [number, number, number, number],
  seed: number,
  step: number,
  black: number,
) {
  const x = Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(i) * 2);
  const draws = augmentationDraws(both, shape[0], shape[1], seed, step);
  const input = tf.tensor4d(x, shape);
  const output = augmentBatch(input, draws, black);
  const values = (await output.data()) as Float32Array;
  tf.dispose([input, output]);
  return { x, draws, values };
}

describe('augmentation draws', () => {
  it('pads 4 for 32×32 and 2 for 28×28', () => {
    expect([cropPadding(32), cropPadding(28)]).toEqual([4, 2]);
  });

  it('are the same for the same seed and step, and differ between steps', () => {
    const a = augmentationDraws(both, 64, 32, 1, 10);
    expect(augmentationDraws(both, 64, 32, 1, 10)).toEqual(a);
    expect(augmentationDraws(both, 64, 32, 1, 11).rowOffsets).not.toEqual(a.rowOffsets);
  });

  it('cover every offset in [0, 2·padding] and flip about half the examples', () => {
    const draws = augmentationDraws(both, 4000, 28, 3, 0);
    expect(new Set(draws.rowOffsets)).toEqual(new Set([0, 1, 2, 3, 4]));
    const flipped = draws.flips.reduce((a, b) => a + b, 0) / 4000;
    // Binomial(4000, 0.5): standard error 0.0079.
    expect(Math.abs(flipped - 0.5)).toBeLessThan(0.03);
  });

  it('leave crops centred when only flipping, with the same flips as with cropping', () => {
    const flipOnly = augmentationDraws({ crop: false, flip: true }, 32, 32, 5, 2);
    expect(new Set(flipOnly.rowOffsets)).toEqual(new Set([4]));
    expect(flipOnly.flips).toEqual(augmentationDraws(both, 32, 32, 5, 2).flips);
  });

  it('are refused for 2-D points', () => {
    expect(augmentationProblem([1, 1, 2])).toMatch(/at least 8×8/);
    expect(augmentationProblem([28, 28, 1])).toBeUndefined();
  });
});

describe('augmentBatch', () => {
  afterAll(() => tf.setBackend('wasm'));

  it.each(['wasm', 'cpu'])('crops and flips exactly as the definition on %s', async (backend) => {
    await tf.setBackend(backend);
    const shape: [number, number, number, number] = [6, 8, 8, 3];
    const { x, draws, values } = await augmentOnDevice(shape, 9, 4, -0.4);
    expect(values).toEqual(reference(x, shape, draws, -0.4));
  });

  it('keeps the batch shape and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const input = tf.zeros([3, 28, 28, 1]) as tf.Tensor4D;
    const output = augmentBatch(input, augmentationDraws(both, 3, 28, 1, 0), 0);
    expect(output.shape).toEqual([3, 28, 28, 1]);
    tf.dispose([input, output]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives identical batches to two runs of a comparison', async () => {
    const first = await augmentOnDevice([4, 32, 32, 3], 2, 7, -1);
    const second = await augmentOnDevice([4, 32, 32, 3], 2, 7, -1);
    expect(second.values).toEqual(first.values);
  });
});
