import { defineStudy } from '../../tools/study/definition';
import { BISAM_RECIPE, QUICK, RECIPE_METHODS } from '../recipe';

const versusSam = (metric: string, expect: 'higher' | 'lower', statement: string) => ({
  statement,
  regime: 'clean',
  a: { method: 'bisam-log', metric },
  b: { method: 'sam', metric },
  expect,
});

export default defineStudy({
  title: 'Geometry and robustness: flatter, more robust minima with BiSAM than with SAM?',
  claim:
    'Sharpness-aware training aims at flat minima; if BiSAM’s adversary is the better one, its minima should be at least as flat as SAM’s (lower top Hessian eigenvalue λ_max and Hessian trace) and more robust to input attacks. The BiSAM paper reports accuracy, not these: this study tests the consequence the playground draws, on the final weights.',
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
  probes: { kinds: ['hessian', 'trace'], size: 512, iterations: 20, traceSamples: 10 },
  robust: { attacks: ['fgsm', 'pgd'], eps: [2, 8], pgdSteps: 10, examples: 500 },
  hypotheses: [
    versusSam('lambdaMax', 'lower', 'BiSAM (-log)’s final λ_max is lower than SAM’s'),
    versusSam('trace', 'lower', 'BiSAM (-log)’s final Hessian trace is lower than SAM’s'),
    versusSam('pgd@2', 'higher', 'BiSAM (-log) is more accurate than SAM under PGD-10 at ε = 2/255'),
  ],
  figures: [
    { kind: 'bars', metric: 'lambdaMax', regime: 'clean', title: 'λ_max at the end of training' },
    { kind: 'bars', metric: 'trace', regime: 'clean', title: 'Hessian trace at the end of training' },
    { kind: 'bars', metric: 'pgd@2', regime: 'clean', title: 'PGD-10 accuracy at ε = 2/255' },
  ],
  quick: QUICK,
});
