/** The one optimizer contract. Every method (SGD, SAM, BiSAM, GSAM, …) implements it; the registry maps names to it. */
import type * as tf from '@tensorflow/tfjs';
import type { StepMetricName } from '../../config/metrics';
import type { Hyperparams } from '../../config/optimizers';
import type { TrainableModel } from '../../engine/model/build';
import type { OptimizerName } from '../metas';

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
  /**
   * Length of the run in steps, for schedules over the run (SSAM-D's drop rate, the lowest learning
   * rate of a step-decay schedule for GSAM/BSAM). Optional: methods say what they assume without it.
   */
  readonly totalSteps?: number;
  /** The run's seed, mixed with `step` into every random draw (ESAM's SWP, SSAM-D's masks); 0 if absent. */
  readonly seed?: number;
}

export interface Optimizer {
  readonly name: OptimizerName;
  /** Forward-backward passes per step (SGD 1, SAM-type 2, BSAM 3), from OPTIMIZER_INFO: the "gradient evaluations" axis. */
  readonly gradEvalsPerStep: number;
  step(context: StepContext): StepScalars;
  /**
   * Long-lived optimizer state in a fixed order, for snapshots and forks: momentum buffers, and what a
   * method carries across steps (SSAM's mask, SAMPa's ∇f(y_t)). Created with the optimizer, never resized.
   */
  readonly state: readonly tf.Variable[];
  dispose(): void;
}

/** Construction options a caller may pass; the app passes none. */
export interface OptimizerOptions {
  /**
   * SSAM: a fixed perturbation mask (1 = perturbed), one array per parameter tensor in `params` order.
   * The mask is then never recomputed, so a parity case is deterministic and hand-checkable.
   */
  readonly fixedMask?: readonly Float32Array[];
}

export type OptimizerFactory = (model: TrainableModel, options?: OptimizerOptions) => Optimizer;
