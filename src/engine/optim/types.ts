/** The one optimizer contract. Every method (SGD, SAM, BiSAM, …) implements it; the registry maps names to it. */
import type * as tf from '@tensorflow/tfjs';
import type { StepMetricName } from '../../config/metrics';
import type { Hyperparams, OptimizerName } from '../../config/optimizers';
import type { TrainableModel } from '../model/build';

/** A batch on the device. `targets` is the (smoothed) target distribution, N×K. */
export interface DeviceBatch {
  readonly x: tf.Tensor;
  readonly labels: tf.Tensor1D;
  readonly targets: tf.Tensor2D;
}

/**
 * Per-step scalars, left on the device (nothing is read back inside `step`); the caller owns and
 * disposes them. Every method reports loss and accuracy; the rest as the method measures them.
 */
export type StepScalars = Partial<Record<StepMetricName, tf.Scalar>> & {
  loss: tf.Scalar;
  accuracy: tf.Scalar;
};

export interface StepContext {
  readonly batch: DeviceBatch;
  readonly hparams: Hyperparams;
  /** Learning rate in force this step, after the schedule. */
  readonly lr: number;
  /** 0-based index of this step in the run (SGD's sharpness probe runs when step % k === 0). */
  readonly step: number;
}

export interface Optimizer {
  readonly name: OptimizerName;
  /** Forward-backward passes per step (SGD 1, SAM-type 2), from OPTIMIZER_INFO: the "gradient evaluations" axis. */
  readonly gradEvalsPerStep: number;
  step(context: StepContext): StepScalars;
  /** Long-lived optimizer state (momentum buffers …) in a fixed order, for snapshots and forks. */
  readonly state: readonly tf.Variable[];
  dispose(): void;
}

export type OptimizerFactory = (model: TrainableModel) => Optimizer;
