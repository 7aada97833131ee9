import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { filterNormalised, type ParamInfo } from './directions';
import { probeSeed } from './probes';
import { gaussianTensors } from './randomVectors';

// A conv kernel (3×3, 2 in, 4 out), its bias, and a BatchNorm γ: tfjs layouts, filters on the last axis.
const PARAMS: ParamInfo[] = [
  { shape: [3, 3, 2, 4], kind: 'kernel' },
  { shape: [4], kind: 'bias' },
  { shape: [4], kind: 'gamma' },
];
const SHAPES = PARAMS.map((p) => p.shape);
const SETTINGS = {
  seed: 42,
  iterations: 20,
  traceSamples: 10,
  rho: 0.05,
  mu: 1,
  alpha: 0.1,
  linePoints: 41,
  gridSize: 21,
};

const read = async (tensors: tf.Tensor[]) => Promise.all(tensors.map(async (t) => [...(await t.data())]));
const filterNorms = (t: tf.Tensor) => tf.tidy(() => tf.sqrt(tf.sum(tf.square(t), [0, 1, 2])));

describe('landscape directions', () => {
  it('are the same for every run: drawn from the experiment seed only', async () => {
    const first = gaussianTensors(SHAPES, probeSeed(SETTINGS, 'surfaceX'));
    const again = gaussianTensors(SHAPES, probeSeed(SETTINGS, 'surfaceX'));
    const other = gaussianTensors(SHAPES, probeSeed(SETTINGS, 'surfaceY'));
    expect(await read(again)).toEqual(await read(first));
    expect(await read(other)).not.toEqual(await read(first));
    tf.dispose([...first, ...again, ...other]);
  });

  it('give each filter the norm of the same filter of the weights, and biases and BatchNorm 0', async () => {
    const weights = gaussianTensors(SHAPES, 1).map((t, i) =>
      i === 0 ? t.mul(tf.tensor1d([1, 2, 3, 4])) : t,
    );
    const direction = gaussianTensors(SHAPES, 2);
    const normalised = filterNormalised(direction, weights, PARAMS);
    const [wanted, got] = await read([
      filterNorms(weights[0] as tf.Tensor),
      filterNorms(normalised[0] as tf.Tensor),
    ]);
    for (const [i, norm] of (got as number[]).entries())
      expect(norm).toBeCloseTo((wanted as number[])[i] as number, 4);
    const [bias, gamma] = await read(normalised.slice(1));
    expect(bias?.every((x) => x === 0) && gamma?.every((x) => x === 0)).toBe(true);
    tf.dispose([...weights, ...direction, ...normalised]);
  });

  it('point every filter the same way for two runs with different weights (only the scale differs)', async () => {
    const direction = gaussianTensors(SHAPES, 2);
    const runA = gaussianTensors(SHAPES, 3);
    const runB = gaussianTensors(SHAPES, 4);
    const cosines = tf.tidy(() => {
      const [a, b] = [runA, runB].map((w) => filterNormalised(direction, w, PARAMS)[0] as tf.Tensor);
      const dot = tf.sum(tf.mul(a as tf.Tensor, b as tf.Tensor), [0, 1, 2]);
      return dot.div(filterNorms(a as tf.Tensor).mul(filterNorms(b as tf.Tensor)));
    });
    for (const cosine of await cosines.data()) expect(cosine).toBeCloseTo(1, 5);
    tf.dispose([...direction, ...runA, ...runB, cosines]);
  });
});
