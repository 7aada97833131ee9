/** GSAM's meta: ρ following the learning rate down to `gsamRhoMin`, and the surrogate-gap weight. */
import { BASE_STEP_KNOBS, numberKnob } from '../common/knobs';
import { defineMethod } from '../common/meta';

export const GSAM_META = defineMethod({
  label: 'GSAM',
  summary:
    'SAM with ρ following the learning rate, descending along g_p - α·g_⊥ to shrink the surrogate gap (Zhuang et al. 2022).',
  gradEvalsPerStep: 2,
  knobs: {
    /** ρ_min: ρ_t follows the learning rate from ρ (at the largest η) down to ρ_min (at the smallest). */
    gsamRhoMin: numberKnob({
      label: 'GSAM radius at lowest lr ρ_min',
      doc: 'GSAM: ρ follows the learning rate, from ρ at the peak down to ρ_min at the lowest rate.',
      min: 0,
      max: 10,
      default: 0.02,
      formerName: 'rhoMin',
    }),
    /** α: weight of the orthogonal component g_⊥ removed from the descent (0.01 ImageNet … 0.4 CIFAR). */
    gsamAlpha: numberKnob({
      label: 'GSAM ascent weight α',
      doc: 'GSAM: descend along g_p - α·g_⊥, also lowering the surrogate gap (0 = SAM).',
      min: 0,
      max: 10,
      default: 0.2,
    }),
  },
  hyperparams: [...BASE_STEP_KNOBS, 'rho', 'gsamRhoMin', 'gsamAlpha', 'adaptive', 'm'],
  metrics: {},
});
