/**
 * The official BiSAM training recipe (Xie et al. 2024, CIFAR): SGD momentum 0.9, weight decay 5e-4,
 * label smoothing 0.1, cosine schedule; ρ 0.05, μ 1, α 0.1. η stays at the playground's 0.05 (no
 * warm-up at this scale; see src/methods/common/knobs.ts). Shared by the three shipped studies.
 */
export const BISAM_RECIPE = [
  'lr=0.05',
  'momentum=0.9',
  'weightDecay=0.0005',
  'labelSmoothing=0.1',
  'schedule.kind=cosine',
  'rho=0.05',
  'bisamMu=1',
  'bisamAlpha=0.1',
];

export const RECIPE_METHODS = ['sgd', 'sam', 'bisam-tanh', 'bisam-log'];

/** Tiny sizes for `--quick` (the smoke run in npm test): same structure, minutes in total. */
export const QUICK = { steps: 12, seeds: 2, evalExamples: 100, subset: 256, probeSize: 32, robustExamples: 20 };
