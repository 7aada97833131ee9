/** The two SSAMs' metas: one mask family (sparsity, update interval), two ways to choose the mask. */
import { BASE_STEP_KNOBS, numberKnob } from '../common/knobs';
import { defineMethod } from '../common/meta';

const SSAM_KNOBS = {
  /** s: fraction of the weights whose perturbation is masked out (the reference's default 0.5). */
  ssamSparsity: numberKnob({
    label: 'Mask sparsity s',
    doc: 'SSAM: fraction of the weights left unperturbed by the binary mask.',
    min: 0,
    max: 1,
    default: 0.5,
    formerName: 'sparsity',
  }),
  /** The update interval, in steps (the reference counts epochs: 5 of 200). */
  ssamMaskUpdateEvery: numberKnob({
    label: 'Mask update every',
    doc: 'SSAM: recompute the mask every this many steps (SSAM-F: Fisher passes; SSAM-D: drop and regrow).',
    min: 1,
    max: 100_000,
    integer: true,
    default: 100,
    formerName: 'maskUpdateEvery',
  }),
  /** SSAM-F's num_samples: single-example gradients in the Fisher estimate (at most the batch size here). */
  ssamFisherSamples: numberKnob({
    label: 'Fisher samples',
    doc: 'SSAM-F: single-example gradients summed into the Fisher estimate (capped at the batch size).',
    min: 1,
    max: 1024,
    integer: true,
    default: 128,
    formerName: 'fisherSamples',
  }),
  /** SSAM-D's dr: at each update a fraction dr·(1+cos(πt/T))/2 of the live weights is dropped and regrown. */
  ssamDropRate: numberKnob({
    label: 'Drop rate dr',
    doc: 'SSAM-D: fraction of the live mask entries dropped (smallest |g|) and regrown at random per update.',
    min: 0,
    max: 1,
    default: 0.5,
    formerName: 'dropRate',
  }),
};

/** The mask's sparsity is the shared `maskSparsity` (ESAM reports it too); this one is SSAM's alone. */
const SSAM_METRICS = {
  ssamMaskUpdated: {
    doc: "1 on the steps where the mask was recomputed (SSAM-F's cost: `ssamFisherSamples` extra passes), else 0.",
    formerName: 'maskUpdated',
  },
};

/** What both SSAMs read before the knob of their own way to choose the mask. */
const MASK_KNOBS = [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'ssamSparsity', 'ssamMaskUpdateEvery'] as const;

export const SSAM_F_META = defineMethod({
  label: 'SSAM-F',
  summary:
    'SAM perturbing only the weights with the largest empirical Fisher; the mask costs extra single-example passes at each update (Mi et al. 2022).',
  gradEvalsPerStep: 2,
  knobs: SSAM_KNOBS,
  hyperparams: [...MASK_KNOBS, 'ssamFisherSamples', 'm'],
  metrics: SSAM_METRICS,
});

export const SSAM_D_META = defineMethod({
  label: 'SSAM-D',
  summary:
    'SAM with a sparse perturbation mask that drops small-gradient weights and regrows random ones (Mi et al. 2022).',
  gradEvalsPerStep: 2,
  knobs: SSAM_KNOBS,
  hyperparams: [...MASK_KNOBS, 'ssamDropRate', 'm'],
  metrics: SSAM_METRICS,
});
