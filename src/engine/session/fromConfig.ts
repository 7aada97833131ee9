/**
 * The session an experiment config describes: the page's worker and the CLI both build theirs here,
 * so the same configuration trains the same replicas with the same seeds in either.
 */
import { planReplicas } from '../../config/replicas';
import { type ExperimentConfig, modelLayers } from '../../config/schema';
import type { ImageDataset } from '../data/dataset';
import type { SessionOptions } from './session';

/** Throws the replica plan's own sentence when the config holds more replicas than a session can. */
export function sessionOptionsFor(config: ExperimentConfig, dataset: ImageDataset): SessionOptions {
  const { batchSize, seed, seeds, steps, evalExamples } = config;
  const plan = planReplicas(config.runs, config.sweep, seed, seeds);
  if (plan.problem) throw new Error(plan.problem);
  return {
    dataset,
    layers: modelLayers(config),
    batchSize,
    seed,
    seeds,
    totalSteps: steps,
    evalExamples,
    ...(config.robust ? { robust: config.robust } : {}),
    runs: plan.runs.map((run) => run.config),
  };
}
