/**
 * Loss landscapes at fixed weights: the 1-D line between two weight vectors and the 2-D surface around
 * one along two directions, each point one forward pass over the probe batch (training mode).
 */
import * as tf from '@tensorflow/tfjs';
import type { LineResult, SurfaceResult } from '../../config/probes';
import type { ProbeCost, ProbeEvaluator } from './evaluator';
import type { ProbeTask } from './types';

/** `count` evenly spaced points from `low` to `high` inclusive. */
export function evenlySpaced(low: number, high: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 2)
    throw new Error(`grid points must be an integer ≥ 2, got ${count}`);
  return Array.from({ length: count }, (_, i) => low + ((high - low) * i) / (count - 1));
}

/** Loss and accuracy at the weights `at()` builds, read back as numbers. */
async function measureAt(
  evaluator: ProbeEvaluator,
  at: () => tf.Tensor[],
  smoothing: number,
  cost: ProbeCost,
): Promise<{ loss: number; accuracy: number }> {
  const weights = at();
  const { loss, accuracy } = evaluator.lossAndAccuracy(weights, smoothing, cost);
  tf.dispose(weights);
  const [lossValue, accuracyValue] = await Promise.all([loss.data(), accuracy.data()]);
  tf.dispose([loss, accuracy]);
  return { loss: lossValue[0] as number, accuracy: accuracyValue[0] as number };
}

/** The line w(t) = (1−t)·w_a + t·w_b for t in [−0.5, 1.5] (`points` points, 41 by default). */
export async function* lineLandscape(
  evaluator: ProbeEvaluator,
  from: readonly tf.Tensor[],
  to: readonly tf.Tensor[],
  smoothing: number,
  cost: ProbeCost,
  points = 41,
): ProbeTask<LineResult> {
  const t = evenlySpaced(-0.5, 1.5, points);
  const loss: number[] = [];
  const accuracy: number[] = [];
  for (const [i, ti] of t.entries()) {
    const at = () => tf.tidy(() => from.map((a, k) => a.mul(1 - ti).add((to[k] as tf.Tensor).mul(ti))));
    const point = await measureAt(evaluator, at, smoothing, cost);
    loss.push(point.loss);
    accuracy.push(point.accuracy);
    yield { done: i + 1, total: points, latest: point.loss };
  }
  return { t, loss, accuracy };
}

/** The surface w + a·d1 + b·d2 for a, b in [−1, 1] on a `size`×`size` grid (21 by default). */
export async function* surfaceLandscape(
  evaluator: ProbeEvaluator,
  center: readonly tf.Tensor[],
  directions: readonly [readonly tf.Tensor[], readonly tf.Tensor[]],
  smoothing: number,
  cost: ProbeCost,
  size = 21,
): ProbeTask<SurfaceResult> {
  const coordinates = evenlySpaced(-1, 1, size);
  const [d1, d2] = directions;
  const loss: number[][] = [];
  const accuracy: number[][] = [];
  for (const [i, a] of coordinates.entries()) {
    loss.push([]);
    accuracy.push([]);
    for (const [j, b] of coordinates.entries()) {
      const at = () =>
        tf.tidy(() =>
          center.map((w, k) => w.add((d1[k] as tf.Tensor).mul(a)).add((d2[k] as tf.Tensor).mul(b))),
        );
      const point = await measureAt(evaluator, at, smoothing, cost);
      loss[i]?.push(point.loss);
      accuracy[i]?.push(point.accuracy);
      yield { done: i * size + j + 1, total: size * size, latest: point.loss };
    }
  }
  return { coordinates, loss, accuracy };
}
