/** SAM's meta: the shared knobs only; ASAM and m-sharpness are switches every SAM-type method has. */
import { BASE_STEP_KNOBS } from '../common/knobs';
import { defineMethod } from '../common/meta';

export const SAM_META = defineMethod({
  label: 'SAM',
  summary: 'Steps with the gradient at w+e, where e raises the cross-entropy (Foret et al. 2021).',
  gradEvalsPerStep: 2,
  knobs: {},
  hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'm'],
  metrics: {},
});
