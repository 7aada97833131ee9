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
import { RobustJob } from '../evaluation/robustJob';
import { ROBUST_STREAM } from '../evaluation/robustSettings';
import { buildModel } from '../model/build';
import { deriveSeed } from '../random';
import type { Run } from './run';

export function robustJobOf(
  runs: readonly Run[],
  setting: { dataset: ImageDataset; layers: readonly LayerSpec[]; robust: RobustConfig; seed: number },
): RobustJob {
  const { dataset, layers, robust, seed } = setting;
  const build = () => buildModel(layers, dataset.imageShape, dataset.numClasses);
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
