/** BSAM's meta: a third pass on the low-loss side, with its radius reported as it shrinks. */
import { BASE_STEP_KNOBS, numberKnob } from '../common/knobs';
import { defineMethod } from '../common/meta';

export const BSAM_META = defineMethod({
  label: 'BSAM',
  summary:
    'Bilateral SAM: adds the gradient at w and subtracts a rescaled gradient at w - e on the low-loss side (3 passes).',
  gradEvalsPerStep: 3,
  knobs: {
    /** ρ_min at the start; it decays to 0 in proportion to the learning rate (the reference's cosine). */
    bsamRhoMin: numberKnob({
      label: 'BSAM lower radius ρ_min',
      doc: 'BSAM: radius of the probe at w - e on the low-loss side; it shrinks to 0 with the learning rate.',
      min: 0,
      max: 10,
      default: 0.05,
    }),
  },
  hyperparams: [...BASE_STEP_KNOBS, 'rho', 'bsamRhoMin', 'adaptive'],
  metrics: {
    /** The knob's value in force, as the metric `lr` is the learning rate's (README "Naming"). */
    bsamRhoMin: {
      doc: "BSAM's ρ_min,t in force: the radius of the probe at w - e, shrinking with the learning rate.",
      formerName: 'rhoMin',
      chart: {
        title: 'BSAM radius ρ_min',
        hint: 'Radius of the probe at w − e, shrinking with η.',
        smooth: false,
      },
    },
  },
});
