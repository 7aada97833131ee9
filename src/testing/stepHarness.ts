/**
 * Test support: a few steps of one method on a fully specified tiny problem, with the metrics, weights
 * and BatchNorm state read back after each. Used by the optimizer tests only.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../config/model';
import { DEFAULT_HYPERPARAMS, type Hyperparams } from '../config/optimizers';
import { smoothedTargets } from '../engine/metrics/loss';
import { buildModel } from '../engine/model/build';
import { assignParams, initialWeights } from '../engine/model/init';
import type { OptimizerOptions, StepScalars } from '../methods/common/types';
import type { OptimizerName } from '../methods/metas';
import { createOptimizer } from '../methods/steps';

export interface Problem {
  readonly layers: LayerSpec[];
  readonly inputs: number[][];
  readonly labels: number[];
  readonly numClasses: number;
  /** All zeros (default), a seed for the app's initialiser, or explicit values per tensor. */
  readonly weights?: 'zero' | number | number[][];
}

export interface StepRun {
  /** Per step, every scalar the method reported. */
  readonly metrics: Record<string, number>[];
  readonly before: { params: number[]; state: number[] };
  readonly after: { params: number[]; state: number[] };
}

export async function flat(tensors: readonly tf.Tensor[]): Promise<number[]> {
  return (await Promise.all(tensors.map((t) => t.data()))).flatMap((d) => [...d]);
}

/** Reads every scalar of a step and disposes them. */
export async function read(scalars: StepScalars): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(scalars).map(async ([k, t]) => [k, (await t.data())[0] as number] as const),
  );
  tf.dispose(Object.values(scalars));
  return Object.fromEntries(entries);
}

/** `steps` steps of `name` on the same batch from fresh weights (the lr is constant). */
export async function runSteps(
  name: OptimizerName,
  problem: Problem,
  patch: Partial<Hyperparams>,
  {
    lr = 0.1,
    steps = 1,
    options,
    totalSteps,
    seed,
  }: {
    lr?: number;
    steps?: number;
    options?: OptimizerOptions;
    totalSteps?: number;
    seed?: number;
  } = {},
): Promise<StepRun> {
  const model = buildModel(problem.layers, [problem.inputs[0]?.length ?? 0], problem.numClasses);
  const weights = problem.weights ?? 'zero';
  assignParams(
    model,
    weights === 'zero'
      ? model.params.map((p) => new Float32Array(p.size))
      : typeof weights === 'number'
        ? initialWeights(model, weights)
        : weights.map((w) => Float32Array.from(w)),
  );
  const before = { params: await flat(model.params), state: await flat(model.stateVariables) };
  const optimizer = createOptimizer(name, model, options);
  const x = tf.tensor2d(problem.inputs);
  const labels = tf.tensor1d(problem.labels, 'int32');
  const targets = smoothedTargets(labels, problem.numClasses, 0);
  const hparams = { ...DEFAULT_HYPERPARAMS, ...patch };
  const metrics: Record<string, number>[] = [];
  for (let step = 0; step < steps; step++) {
    const context = { batch: { x, labels, targets }, hparams, lr, step, totalSteps, seed };
    metrics.push(await read(optimizer.step(context)));
  }
  const after = { params: await flat(model.params), state: await flat(model.stateVariables) };
  tf.dispose([x, labels, targets]);
  optimizer.dispose();
  model.dispose();
  return { metrics, before, after };
}

/** One input x = [1], label 0, two classes, one dense layer: the problem every hand calculation uses. */
export const LINEAR_ONE_EXAMPLE: Problem = {
  layers: [{ type: 'dense', units: 2, activation: 'linear' }],
  inputs: [[1]],
  labels: [0],
  numClasses: 2,
};

/** No momentum, no weight decay, no ASAM: the step is w - η·(the method's direction). */
export const PLAIN_STEP = { momentum: 0, weightDecay: 0, adaptive: false, rho: 0.05 } as const;

export const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));
