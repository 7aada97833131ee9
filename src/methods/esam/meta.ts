/** ESAM's meta: the SWP keep probability and the SDS data fraction. */
import { BASE_STEP_KNOBS, numberKnob } from '../common/knobs';
import { defineMethod } from '../common/meta';

export const ESAM_META = defineMethod({
  label: 'ESAM',
  summary:
    'Efficient SAM: perturbs a random subset of weight tensors and descends on the sharpest fraction of the batch (Du et al. 2022).',
  gradEvalsPerStep: 2,
  knobs: {
    /** β: each parameter tensor is perturbed with probability β, and e is scaled by 1/β. */
    esamBeta: numberKnob({
      label: 'ESAM keep probability β',
      doc: 'ESAM: each weight tensor is perturbed with probability β (e scaled by 1/β); 1 = every tensor.',
      min: 0,
      minExclusive: true,
      max: 1,
      default: 0.6,
    }),
    /** γ: fraction of the batch (the sharpest examples) the descent pass uses. */
    esamGamma: numberKnob({
      label: 'ESAM data fraction γ',
      doc: 'ESAM: the descent pass uses only the fraction γ of the batch whose loss rose most at w+e.',
      min: 0,
      minExclusive: true,
      max: 1,
      default: 0.5,
    }),
  },
  hyperparams: [...BASE_STEP_KNOBS, 'rho', 'esamBeta', 'esamGamma', 'adaptive'],
  metrics: {},
});
