import { DEFAULT_HYPERPARAMS } from './optimizers';
import type { ExperimentConfig } from './schema';
import { CONFIG_VERSION } from './schema';

/**
 * First visit: SGD, SAM and BiSAM (-log) on Fashion-MNIST with the small CNN, one click from training.
 * SGD probes its sharpness every 10 steps (one extra pass then), so the sharpness and flip-rate charts
 * compare all three methods, which is what the playground is for.
 */
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
  seeds: 1,
  sweep: [],
  runs: [
    {
      id: 'sgd',
      name: 'SGD',
      optimizer: 'sgd',
      hparams: { ...DEFAULT_HYPERPARAMS, sgdProbeEvery: 10 },
    },
    { id: 'sam', name: 'SAM', optimizer: 'sam', hparams: DEFAULT_HYPERPARAMS },
    { id: 'bisam-log', name: 'BiSAM (-log)', optimizer: 'bisam-log', hparams: DEFAULT_HYPERPARAMS },
  ],
};
