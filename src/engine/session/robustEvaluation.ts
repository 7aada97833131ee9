/**
 * A session's robust evaluation: every replica that has not diverged, on a frozen copy of its current
 * weights (training may go on while the attacks run). Every replica is attacked from the same PGD
 * starts and noise (one seed for the session), so replica k of two runs pair like their test
 * accuracies do; S seeds cost S times the attacks.
 */
import type { LayerSpec } from '../../config/model';
import type { RobustConfig } from '../../config/robust';
import type { ImageDataset } from '../data/dataset';
import { frozenCopy } from '../evaluation/frozenModel';
import { RobustJob, type RobustJobSnapshot } from '../evaluation/robustJob';
import { ROBUST_STREAM } from '../evaluation/robustSettings';
import { buildModel } from '../model/build';
import { deriveSeed } from '../random';
import type { Run } from './run';

interface ModelSetting {
  readonly dataset: ImageDataset;
  readonly layers: readonly LayerSpec[];
}

export function robustJobOf(
  runs: readonly Run[],
  setting: ModelSetting & { robust: RobustConfig; seed: number },
): RobustJob {
  const { dataset, robust, seed } = setting;
  const build = () => modelOf(setting);
  const targets = runs
    .filter((run) => run.phase !== 'diverged')
    .map((run) => ({
      runId: run.id,
      replica: run.replica,
      step: run.step,
      model: frozenCopy(run.model, build),
    }));
  return new RobustJob(targets, dataset, { ...robust, seed: deriveSeed(seed, ROBUST_STREAM) });
}

/** A robust evaluation a snapshot was taken during, from its start, on the current backend. */
export function resumedRobustJob(job: RobustJobSnapshot, setting: ModelSetting): RobustJob {
  return RobustJob.restore(job, setting.dataset, () => modelOf(setting));
}

/**
 * The first step whose robust records a restored run redoes: those before the pending evaluation's
 * step are final; with none pending, all so far are (step 0's is redone when a session at step 0
 * starts training).
 */
export function robustFromOnRestore(
  pending: RobustJobSnapshot | undefined,
  runId: string,
  step: number,
): number {
  const target = pending?.targets.find((t) => t.runId === runId);
  return target ? target.step : step === 0 ? 0 : step + 1;
}

function modelOf({ dataset, layers }: ModelSetting) {
  return buildModel(layers, dataset.imageShape, dataset.numClasses);
}
