import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { syntheticDataset } from '../data/synthetic';
import { noCost, ProbeEvaluator } from './evaluator';
import { evenlySpaced, lineLandscape, surfaceLandscape } from './landscape';
import { createProbeBatch, probeIndices } from './probeBatch';
import { gaussianTensors } from './randomVectors';
import { drain } from './testQuadratic';

const dataset = syntheticDataset({ trainCount: 64, testCount: 8 });
const layers: LayerSpec[] = [
  { type: 'flatten' },
  { type: 'dense', units: 8, activation: 'relu' },
  { type: 'dense', units: 4, activation: 'linear' },
];
const SHAPES = [[64, 8], [8], [8, 4], [4]];

async function lossAt(evaluator: ProbeEvaluator, weights: tf.Tensor[]): Promise<number> {
  const { loss, accuracy } = evaluator.lossAndAccuracy(weights, 0, noCost());
  const [value] = await loss.data();
  tf.dispose([loss, accuracy]);
  return value as number;
}

describe('loss landscapes', () => {
  it('puts the line through both weight vectors at t = 0 and t = 1, over t in [−0.5, 1.5]', async () => {
    const batch = createProbeBatch(dataset, 32, 1);
    const evaluator = new ProbeEvaluator(layers, dataset.imageShape, batch);
    const [a, b] = [gaussianTensors(SHAPES, 1), gaussianTensors(SHAPES, 2)] as [tf.Tensor[], tf.Tensor[]];
    const line = await drain(lineLandscape(evaluator, a, b, 0, noCost(), 41));
    expect(line.t).toHaveLength(41);
    expect([line.t[0], line.t[40]]).toEqual([-0.5, 1.5]);
    expect(line.loss[10]).toBeCloseTo(await lossAt(evaluator, a), 5);
    expect(line.loss[30]).toBeCloseTo(await lossAt(evaluator, b), 5);
    evaluator.dispose();
    batch.dispose();
    tf.dispose([...a, ...b]);
  });

  it("centres the surface on the run's weights", async () => {
    const batch = createProbeBatch(dataset, 32, 1);
    const evaluator = new ProbeEvaluator(layers, dataset.imageShape, batch);
    const center = gaussianTensors(SHAPES, 1);
    const directions = [gaussianTensors(SHAPES, 2), gaussianTensors(SHAPES, 3)] as [tf.Tensor[], tf.Tensor[]];
    const surface = await drain(surfaceLandscape(evaluator, center, directions, 0, noCost(), 5));
    expect(surface.coordinates).toEqual(evenlySpaced(-1, 1, 5));
    expect(surface.loss.map((row) => row.length)).toEqual([5, 5, 5, 5, 5]);
    expect(surface.loss[2]?.[2]).toBeCloseTo(await lossAt(evaluator, center), 5);
    expect(surface.loss[0]?.[0]).not.toBeCloseTo(surface.loss[2]?.[2] as number, 3);
    evaluator.dispose();
    batch.dispose();
    tf.dispose([...center, ...directions.flat()]);
  });
});

describe('the probe batch', () => {
  it('is the same draw of distinct training examples for the same seed, another for another seed', () => {
    const first = [...probeIndices(1000, 100, 7)];
    expect([...probeIndices(1000, 100, 7)]).toEqual(first);
    expect([...probeIndices(1000, 100, 8)]).not.toEqual(first);
    expect(new Set(first).size).toBe(100);
    expect(first.every((i) => i >= 0 && i < 1000)).toBe(true);
  });

  it('refuses a size larger than the training set, naming the field', () => {
    expect(() => probeIndices(100, 101, 1)).toThrow('probe batch size must be an integer in 1..100, got 101');
  });
});
