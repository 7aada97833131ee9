/**
 * One step of a method as every host takes it (the session for each run, the parity CLI for each
 * step of a case): the targets smoothed by the run's own `labelSmoothing`, the learning rate from its
 * schedule, then the method's step. One place, so the app and the parity numbers cannot drift apart.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from '../../config/optimizers';
import { smoothedTargets } from '../../engine/metrics/loss';
import { learningRateAt } from './schedule';
import type { Optimizer, StepScalars } from './types';

/** A batch on the device before the run's label smoothing. */
export interface LabelledBatch {
  readonly x: tf.Tensor;
  readonly labels: tf.Tensor1D;
}

export interface StepPlace {
  readonly hparams: Hyperparams;
  readonly numClasses: number;
  /** 0-based index of the step in the run. */
  readonly step: number;
  /** The run's length, for the schedule and the methods' schedules over the run. */
  readonly totalSteps: number;
  readonly seed: number;
}

/** The step's scalars (left on the device, the caller disposes them) and the learning rate it used. */
export function methodStep(
  optimizer: Optimizer,
  { x, labels }: LabelledBatch,
  { hparams, numClasses, step, totalSteps, seed }: StepPlace,
): { scalars: StepScalars; lr: number } {
  const lr = learningRateAt(hparams.lr, hparams.schedule, step, totalSteps);
  const scalars = tf.tidy(() => {
    const targets = smoothedTargets(labels, numClasses, hparams.labelSmoothing);
    return optimizer.step({ batch: { x, labels, targets }, hparams, lr, step, totalSteps, seed });
  });
  return { scalars, lr };
}
