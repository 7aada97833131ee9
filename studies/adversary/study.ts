import { defineStudy } from '../../tools/study/definition';
import { BISAM_RECIPE, QUICK, RECIPE_METHODS } from '../recipe';

export default defineStudy({
  title: 'The adversary claim: does BiSAM’s perturbation misclassify more examples than SAM’s?',
  claim:
    'BiSAM (Xie et al. 2024) argues that SAM’s cross-entropy ascent is a poor adversary for the 0-1 loss, and that ascending a lower bound of the 0-1 loss (Q_tanh, Q_log) finds perturbations that misclassify more examples (the paper’s "misclassified samples under perturbation" figure). Here: (1) over training, the share of each batch flipped from right to wrong by each method’s own perturbation, BiSAM vs SAM; (2) at matched weights (SAM’s final weights), flips under SAM’s CE adversary vs BiSAM’s Q adversaries at the same ρ.',
  dataset: 'fashion-mnist',
  model: 'small-cnn',
  methods: RECIPE_METHODS,
  set: BISAM_RECIPE,
  steps: 1200,
  batch: 128,
  seeds: 3,
  evalEvery: 250,
  evalExamples: 2000,
  regimes: [{ id: 'clean', label: 'Fashion-MNIST, clean labels' }],
  probes: { kinds: ['common'], size: 512, rho: 0.05, mu: 1, alpha: 0.1 },
  hypotheses: [
    { statement: 'BiSAM (-log)’s own perturbation flips more of the batch than SAM’s', regime: 'clean', a: { method: 'bisam-log', metric: 'flipRate' }, b: { method: 'sam', metric: 'flipRate' }, expect: 'higher' },
    { statement: 'BiSAM (tanh)’s own perturbation flips more of the batch than SAM’s', regime: 'clean', a: { method: 'bisam-tanh', metric: 'flipRate' }, b: { method: 'sam', metric: 'flipRate' }, expect: 'higher' },
    { statement: 'At SAM’s weights, the Q_log adversary flips more probe examples than CE at the same ρ', regime: 'clean', a: { method: 'sam', metric: 'qLog.flips' }, b: { method: 'sam', metric: 'ce.flips' }, expect: 'higher' },
    { statement: 'At SAM’s weights, the Q_tanh adversary flips more probe examples than CE at the same ρ', regime: 'clean', a: { method: 'sam', metric: 'qTanh.flips' }, b: { method: 'sam', metric: 'ce.flips' }, expect: 'higher' },
  ],
  figures: [
    { kind: 'curve', metric: 'flipRate', regime: 'clean', title: 'Share of the batch flipped by the method’s own perturbation' },
    { kind: 'bars', metric: 'ce.flips', regime: 'clean', title: 'Probe flips under SAM’s CE adversary (ρ 0.05), at each method’s weights' },
    { kind: 'bars', metric: 'qLog.flips', regime: 'clean', title: 'Probe flips under BiSAM’s Q_log adversary (ρ 0.05), at each method’s weights' },
  ],
  quick: QUICK,
});
