/**
 * The session an experiment config describes: the page's worker and the CLI both build theirs here,
 * so the same configuration trains the same replicas with the same seeds in either.
 */
import { planReplicas } from '../../config/replicas';
import { type ExperimentConfig, modelLayersFor } from '../../config/schema';
import type { ImageDataset } from '../data/dataset';
import { dataRegimeOf } from '../data/experimentData';
import type { SessionOptions } from './sessionOptions';

/**
 * `dataset` is the data before its regime: the session draws the subset and label noise per seed
 * (replica k from seed + k, shared by every run), so replica k is exactly the single-seed experiment
 * of seed + k. Throws the replica plan's own sentence when the config holds more replicas than a
 * session can.
 */
export function sessionOptionsFor(config: ExperimentConfig, dataset: ImageDataset): SessionOptions {
  const { batchSize, seed, seeds, steps, evalExamples, augment } = config;
  const plan = planReplicas(config.runs, config.sweep, seed, seeds);
  if (plan.problem) throw new Error(plan.problem);
  return {
    dataset,
    ...dataRegimeOf(config),
    ...(augment && (augment.crop || augment.flip) ? { augmentation: augment } : {}),
    layers: modelLayersFor(config, dataset.numClasses),
    batchSize,
    seed,
    seeds,
    totalSteps: steps,
    evalExamples,
    ...(config.robust ? { robust: config.robust } : {}),
    runs: plan.runs.map((run) => run.config),
  };
}
