/** SGD's meta: one pass, and the sharpness probe that lets SGD's curves sit beside the SAM family's. */
import { BASE_STEP_KNOBS, numberKnob } from '../common/knobs';
import { defineMethod } from '../common/meta';

export const SGD_META = defineMethod({
  label: 'SGD',
  summary: 'One pass, then the PyTorch SGD step; optionally probes sharpness at w+e every k steps.',
  gradEvalsPerStep: 1,
  knobs: {
    /** Every k steps one extra forward pass at w+e measures sharpness (0 = off). */
    sgdProbeEvery: numberKnob({
      label: 'Sharpness probe every',
      doc: 'SGD: every k steps, one extra forward pass at w+e reports sharpness and flips (0 = off).',
      min: 0,
      max: 100_000,
      integer: true,
      default: 0,
      formerName: 'sharpnessProbeEvery',
    }),
  },
  hyperparams: [...BASE_STEP_KNOBS, 'sgdProbeEvery', 'rho', 'adaptive'],
  metrics: {},
});
