/**
 * One lockstep tick of a session: a step of every active replica. Replicas of one seed at the same
 * step share one uploaded batch (cropped and flipped once, with that seed's and step's draws, the same
 * for every run); each step's scalars stay on the device until the session reads them all at once.
 */
import * as tf from '@tensorflow/tfjs';
import { rhoInForce } from '../../config/optimizers';
import { methodStep } from '../../methods/common/methodStep';
import { type Augmentation, augmentationDraws, augmentBatch } from '../data/augment';
import type { ImageDataset } from '../data/dataset';
import type { PendingMetrics } from './pendingMetrics';
import type { Run } from './run';
import type { SeedStream } from './seedStream';

export interface TickSetting {
  readonly streams: readonly SeedStream[];
  readonly pending: PendingMetrics;
  /** The session's data: its image shape, classes and normalisation. */
  readonly dataset: ImageDataset;
  readonly augmentation?: Augmentation;
  readonly totalSteps: number;
}

/** One step of each of `active`; a replica reaching the last step is done. */
export function trainTick(active: readonly Run[], setting: TickSetting): void {
  const groups = new Map<string, Run[]>();
  for (const run of active) {
    const key = `${run.replica}:${run.step}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  for (const runs of groups.values()) stepRuns(runs, setting);
}

/** One step of replicas of one seed at one step, on one uploaded batch. */
function stepRuns(runs: readonly Run[], setting: TickSetting): void {
  const { replica, step } = runs[0] as Run;
  const stream = setting.streams[replica] as SeedStream;
  const host = stream.batcher.batchAt(step);
  const { dataset, totalSteps, pending } = setting;
  tf.tidy(() => {
    const labels = tf.tensor1d(host.labels, 'int32');
    const x = augmented(tf.tensor4d(host.x, [host.size, ...dataset.imageShape]), step, stream.seed, setting);
    for (const run of runs) {
      const { hparams } = run;
      const started = performance.now();
      const { scalars, lr } = methodStep(
        run.optimizer,
        { x, labels },
        { hparams, numClasses: dataset.numClasses, step, totalSteps, seed: stream.seed },
      );
      const rho = rhoInForce(run.config.optimizer, hparams);
      pending.add({ runId: run.id, replica, step, scalars, host: rho === undefined ? { lr } : { lr, rho } });
      run.recordStepTime(performance.now() - started);
      run.step = step + 1;
      if (run.step >= totalSteps) run.phase = 'done';
    }
  });
}

/** The batch of `step` cropped and flipped as the draws of that step and seed say. */
function augmented(x: tf.Tensor4D, step: number, seed: number, setting: TickSetting): tf.Tensor4D {
  const { augmentation, dataset } = setting;
  if (!augmentation) return x;
  const draws = augmentationDraws(augmentation, x.shape[0], dataset.imageShape[0], seed, step);
  // Zero padding is black before normalisation: −mean/std after it.
  return augmentBatch(x, draws, -dataset.mean / dataset.std);
}
