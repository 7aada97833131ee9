/**
 * A tiny study to copy when writing your own: SGD against SAM on the synthetic dataset, seconds to
 * run (`npm run study -- example`). Change the methods, `set`, sizes, regimes and hypotheses; write
 * the hypotheses before you look at any result.
 */
import { defineStudy } from '../../tools/study/definition';

export default defineStudy({
  title: 'Example: does SAM flip fewer test predictions than SGD on the synthetic set?',
  claim: 'A template, not a claim from a paper: SAM against SGD on the synthetic dataset, a few steps.',
  dataset: 'synthetic',
  model: 'tiny-cnn',
  methods: ['sgd', 'sam'],
  set: ['rho=0.05'],
  steps: 40,
  batch: 32,
  seeds: 3,
  evalEvery: 20,
  evalExamples: 128,
  regimes: [{ id: 'clean', label: 'synthetic, clean labels' }],
  hypotheses: [
    {
      statement: 'SAM reaches a higher test accuracy than SGD',
      regime: 'clean',
      a: { method: 'sam', metric: 'testAccuracy' },
      b: { method: 'sgd', metric: 'testAccuracy' },
      expect: 'higher',
    },
  ],
  figures: [{ kind: 'curve', metric: 'testAccuracy', regime: 'clean', title: 'Test accuracy' }],
  quick: { steps: 4, seeds: 2, evalExamples: 32 },
});
