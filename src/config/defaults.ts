import { DEFAULT_HYPERPARAMS } from './optimizers';
import type { ExperimentConfig } from './schema';
import { CONFIG_VERSION } from './schema';

/** First visit: the small CNN on Fashion-MNIST, one click from training. */
export const DEFAULT_CONFIG: ExperimentConfig = {
  version: CONFIG_VERSION,
  dataset: 'fashion-mnist',
  model: 'small-cnn',
  batchSize: 64,
  steps: 2000,
  seed: 1,
  evalEvery: 100,
  evalExamples: 2000,
  backend: 'auto',
  runs: [{ id: 'sgd', name: 'SGD', optimizer: 'sgd', hparams: DEFAULT_HYPERPARAMS }],
};
