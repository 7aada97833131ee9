/**
 * The official BiSAM training recipe (Xie et al. 2024, CIFAR): SGD momentum 0.9, weight decay 5e-4,
 * label smoothing 0.1, cosine schedule; ρ 0.05, μ 1, α 0.1. η stays at the playground's 0.05 (no
 * warm-up at this scale; see src/methods/common/knobs.ts). Shared by the three shipped studies.
 *
 * Sizing: one lockstep step of the four methods at batch 128 takes about 0.6 s on one idle core of
 * this 2-core machine (measured 2026-12-02: 1.6 steps/s), and a study runs its replicas one after
 * another on one core. Adversary and geometry: 3 seeds × 1,200 steps (~36 min, plus probes and
 * attacks); generalisation: 2 regimes × 3 seeds × 1,000 steps (~60 min). The first two were cut from
 * 2,400 and 2,200 steps before any full run, so that all three fit side by side in one working
 * session; their hypotheses were not touched.
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
export const QUICK = {
  steps: 12,
  seeds: 2,
  evalExamples: 100,
  subset: 256,
  probeSize: 32,
  probeIterations: 3,
  traceSamples: 2,
  robustExamples: 20,
  pgdSteps: 2,
};
