/** SAMPa's meta: two independent gradients per step, mixed by `sampaLambda`. */
import { BASE_STEP_KNOBS, numberKnob } from '../common/knobs';
import { defineMethod } from '../common/meta';

export const SAMPA_META = defineMethod({
  label: 'SAMPa',
  summary:
    "SAM whose two gradients are independent, the perturbation reusing the last step's look-ahead gradient (Xie et al. 2024); here they run one after the other.",
  gradEvalsPerStep: 2,
  knobs: {
    /** λ: weight of ∇f(y_{t+1}) in the update (1-λ on ∇f(x̃_t)); 0.2 in the reference. */
    sampaLambda: numberKnob({
      label: 'SAMPa mixing λ',
      doc: 'SAMPa: descend along (1-λ)·∇f(x̃) + λ·∇f(y), mixing in the gradient at the look-ahead point.',
      min: 0,
      max: 1,
      default: 0.2,
    }),
  },
  hyperparams: [...BASE_STEP_KNOBS, 'rho', 'sampaLambda', 'adaptive'],
  metrics: {},
  independentPasses: {
    count: 2,
    concurrent: false,
    note: 'Runs sequentially here: one tfjs worker executes the two independent gradients one after the other (plus one forward pass at w for the metrics).',
  },
});
