/**
 * What every timing and profile of the benchmark trains: a model preset of the app (the small CNN
 * unless `--model` says otherwise), one method with the default hyperparameters, seed 1. One
 * definition, so Node, Chromium and the profiles measure the same step.
 */
import { MODEL_PRESETS, type ModelPresetName } from '../../src/config/model';
import { DEFAULT_HYPERPARAMS } from '../../src/config/optimizers';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { Session } from '../../src/engine/session/session';
import type { OptimizerName } from '../../src/methods/metas';

export function benchSession(
  dataset: ImageDataset,
  method: OptimizerName,
  batch: number,
  totalSteps: number,
  evalExamples: number,
  model: ModelPresetName = 'small-cnn',
): Session {
  return new Session({
    dataset,
    layers: MODEL_PRESETS[model].layers,
    batchSize: batch,
    seed: 1,
    totalSteps,
    evalExamples,
    runs: [{ id: method, name: method, optimizer: method, hparams: DEFAULT_HYPERPARAMS }],
  });
}
