import { defineStudy } from '../../tools/study/definition';
import { BISAM_RECIPE, QUICK, RECIPE_METHODS } from '../recipe';

const better = (method: string, regime: string, label: string) => ({
  statement: `${label} reaches a higher test accuracy than SAM (${regime})`,
  regime,
  a: { method, metric: 'testAccuracy' },
  b: { method: 'sam', metric: 'testAccuracy' },
  expect: 'higher' as const,
});

export default defineStudy({
  title: 'Generalisation: does BiSAM test better than SAM, clean and with 40% label noise?',
  claim:
    'BiSAM (Xie et al. 2024) reports higher test accuracy than SAM under the same recipe, with the largest gains under label noise. Here: final test accuracy of sgd, sam, bisam-tanh and bisam-log, clean and with 40% symmetric label noise, paired by seed.',
  dataset: 'fashion-mnist',
  model: 'small-cnn',
  methods: RECIPE_METHODS,
  set: BISAM_RECIPE,
  steps: 1000,
  batch: 128,
  seeds: 3,
  evalEvery: 250,
  evalExamples: 5000,
  regimes: [
    { id: 'clean', label: 'Fashion-MNIST, clean labels' },
    { id: 'noise40', label: 'Fashion-MNIST, 40% symmetric label noise', labelNoise: { kind: 'symmetric', rate: 0.4 } },
  ],
  hypotheses: [
    better('bisam-log', 'clean', 'BiSAM (-log)'),
    better('bisam-tanh', 'clean', 'BiSAM (tanh)'),
    better('bisam-log', 'noise40', 'BiSAM (-log)'),
    better('bisam-tanh', 'noise40', 'BiSAM (tanh)'),
  ],
  figures: [
    { kind: 'curve', metric: 'testAccuracy', regime: 'clean', title: 'Test accuracy, clean labels' },
    { kind: 'curve', metric: 'testAccuracy', regime: 'noise40', title: 'Test accuracy, 40% symmetric label noise' },
    { kind: 'bars', metric: 'testAccuracy', regime: 'noise40', title: 'Final test accuracy, 40% label noise' },
  ],
  quick: QUICK,
});
