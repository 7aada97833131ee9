/**
 * One-click experiments that show a known effect in minutes, as share-link queries: the page applies
 * them through the same URL decoder as a link, and the README lists the same links.
 */
export interface ExperimentPreset {
  readonly id: string;
  readonly label: string;
  /** What to look at. */
  readonly hint: string;
  readonly query: string;
}

const COMMON = 'batch=64&seed=1&backend=auto';

export const EXPERIMENT_PRESETS: readonly ExperimentPreset[] = [
  {
    id: 'label-noise',
    label: 'Label noise 40%: SGD vs SAM vs BiSAM',
    hint: "40% of the training labels wrong: watch test accuracy and the memorisation charts (SAM's best-known effect).",
    query: `v=2&data=fashion-mnist&noise=symmetric:0.4&model=small-cnn&${COMMON}&steps=2000&evalEvery=100&evalExamples=2000&runs=sgd,sam,bisam-log`,
  },
  {
    id: 'small-data',
    label: '1,000 examples',
    hint: 'A class-balanced 1,000-image training set: overfitting, and how flat minima help.',
    query: `v=2&data=fashion-mnist&subset=1000&model=small-cnn&${COMMON}&steps=1500&evalEvery=100&evalExamples=2000&runs=sgd,sam,bisam-log`,
  },
  {
    id: 'spiral',
    label: '2-D spiral: decision boundaries',
    hint: 'The predicted class over the plane for each run, redrawn live.',
    query: `v=2&data=spiral&toyNoise=0.1&model=mlp-2d&batch=32&seed=1&backend=auto&steps=3000&evalEvery=50&evalExamples=500&runs=sgd(lr=0.1),sam(lr=0.1),bisam-log(lr=0.1)`,
  },
];
