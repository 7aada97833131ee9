/**
 * Curvature of the training loss at fixed weights from Hessian-vector products alone: the top
 * eigenvalue by power iteration and the trace by Hutchinson's estimator.
 */
import * as tf from '@tensorflow/tfjs';
import type { PowerIterationResult, TraceEstimate } from '../../config/probes';
import { globalDot, globalNorm, NORM_EPS } from '../../methods/common/gradients';
import { deriveSeed } from '../random';
import { rademacherTensors, unitNormalised } from './randomVectors';
import { type Pausable, type ProbeTask, withProgress } from './types';

/** Hv for a unit-norm v (caller owns the result), pausing between gradient evaluations. */
export type HvpOperator = (v: readonly tf.Tensor[]) => Pausable<tf.Tensor[]>;

async function readScalar(scalar: tf.Scalar): Promise<number> {
  const [value] = await scalar.data();
  scalar.dispose();
  return value as number;
}

/**
 * Power iteration v ← Hv/‖Hv‖, λ = vᵀHv, from `start` (normalised here). It converges to the
 * eigenvalue of largest magnitude; near a minimum that is λ_max, as H is close to positive semidefinite.
 */
export async function* powerIteration(
  hvp: HvpOperator,
  start: readonly tf.Tensor[],
  iterations: number,
): ProbeTask<PowerIterationResult> {
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`power iterations must be a positive integer, got ${iterations}`);
  }
  let v = unitNormalised(start);
  const perIteration: number[] = [];
  try {
    for (let i = 0; i < iterations; i++) {
      const hv = yield* withProgress(hvp(v), { done: i, total: iterations });
      const lambda = globalDot(v, hv);
      const next = tf.tidy(() => {
        const scale = tf.div(1, globalNorm(hv).add(NORM_EPS));
        return hv.map((t) => t.mul(scale));
      });
      tf.dispose([...v, ...hv]);
      v = next;
      perIteration.push(await readScalar(lambda));
      yield { done: i + 1, total: iterations, latest: perIteration[i] as number };
    }
  } finally {
    tf.dispose(v);
  }
  return { lambdaMax: perIteration[iterations - 1] as number, perIteration };
}

/**
 * Hutchinson: tr H ≈ (1/n) Σ zᵀHz with Rademacher z (seed `seed`, sample i from deriveSeed(seed, i)).
 * The operator gets the unit vector u = z/√d and zᵀHz = d·uᵀHu, so its step size is the same as power iteration's.
 */
export async function* hutchinsonTrace(
  hvp: HvpOperator,
  shapes: readonly (readonly number[])[],
  samples: number,
  seed: number,
): ProbeTask<TraceEstimate> {
  if (!Number.isInteger(samples) || samples < 1) {
    throw new Error(`trace samples must be a positive integer, got ${samples}`);
  }
  const dimension = shapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    const u = tf.tidy(() =>
      rademacherTensors(shapes, deriveSeed(seed, i)).map((z) => z.div(Math.sqrt(dimension))),
    );
    try {
      const hu = yield* withProgress(hvp(u), { done: i, total: samples });
      const quadratic = globalDot(u, hu);
      tf.dispose(hu);
      values.push((await readScalar(quadratic)) * dimension);
    } finally {
      tf.dispose(u);
    }
    yield { done: i + 1, total: samples, latest: mean(values) };
  }
  return summarise(values);
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function summarise(values: number[]): TraceEstimate {
  const average = mean(values);
  if (values.length < 2) return { mean: average, samples: values };
  const variance = values.reduce((sum, x) => sum + (x - average) ** 2, 0) / (values.length - 1);
  return { mean: average, standardError: Math.sqrt(variance / values.length), samples: values };
}
