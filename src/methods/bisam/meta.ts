/** The two BiSAMs' metas: the same family (knobs and Q), two lower bounds of the 0-1 loss. */
import { BASE_STEP_KNOBS, numberKnob } from '../common/knobs';
import { defineMethod } from '../common/meta';

const BISAM_KNOBS = {
  /** μ: temperature of BiSAM's log-sum-exp over classes (1/μ keeps Q in the paper's units). */
  bisamMu: numberKnob({
    label: 'Temperature μ',
    doc: "Sharpness of BiSAM's soft maximum over classes: larger focuses on the worst margin.",
    min: 0,
    minExclusive: true,
    max: 100,
    default: 1,
    formerName: 'mu',
  }),
  /** α: slope of BiSAM-tanh's φ(x) = tanh(αx). */
  bisamAlpha: numberKnob({
    label: 'Slope α',
    doc: 'Slope of the tanh lower bound φ(x) = tanh(αx) of the 0-1 loss.',
    min: 0,
    minExclusive: true,
    max: 10,
    default: 0.1,
    formerName: 'alpha',
  }),
};

const BISAM_METRICS = {
  bisamQ: {
    doc: "BiSAM's lower-bound objective Q(w) on the batch.",
    formerName: 'q',
    chart: {
      title: 'BiSAM objective Q(w)',
      hint: "The 0-1 loss lower bound BiSAM's adversary raises.",
      smooth: true,
    },
  },
};

export const BISAM_TANH_META = defineMethod({
  label: 'BiSAM (tanh)',
  summary: 'SAM whose perturbation raises a tanh lower bound of the 0-1 loss (Xie et al. 2024).',
  gradEvalsPerStep: 2,
  knobs: BISAM_KNOBS,
  hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'bisamMu', 'bisamAlpha', 'm'],
  metrics: BISAM_METRICS,
});

export const BISAM_LOG_META = defineMethod({
  label: 'BiSAM (-log)',
  summary: 'SAM whose perturbation raises a -log lower bound of the 0-1 loss (the reference default).',
  gradEvalsPerStep: 2,
  knobs: BISAM_KNOBS,
  hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'bisamMu', 'm'],
  metrics: BISAM_METRICS,
});
