/**
 * The probe settings the page, a share link and the CLI edit: one table (label, doc, range, default)
 * and one name per setting, which is both its link parameter and its CLI flag (`probeSize` is
 * `--probe-size`), so the three never drift apart.
 */
import { numberKnob } from '../methods/common/knobs';

export const PROBE_KNOBS = {
  every: numberKnob({
    label: 'Probe every (steps)',
    doc: 'Run the chosen probes on every run every this many steps; 0 = only when asked.',
    min: 0,
    max: 1_000_000,
    integer: true,
    default: 0,
  }),
  size: numberKnob({
    label: 'Probe batch P',
    doc: 'Training examples in the probe batch, chosen by the seed: the same for every run.',
    min: 1,
    max: 4096,
    integer: true,
    default: 512,
  }),
  iterations: numberKnob({
    label: 'Power iterations k',
    doc: 'Iterations of the power iteration for λ_max, 2 gradient evaluations each.',
    min: 1,
    max: 200,
    integer: true,
    default: 20,
  }),
  traceSamples: numberKnob({
    label: 'Hutchinson samples n',
    doc: 'Rademacher vectors of the trace estimate (at least 2, for a standard error).',
    min: 2,
    max: 200,
    integer: true,
    default: 10,
  }),
  rho: numberKnob({
    label: 'ρ_probe',
    doc: "The adversaries' common ascent radius, the same for every run.",
    min: 0,
    minExclusive: true,
    max: 10,
    default: 0.05,
  }),
  /** BiSAM's μ and α (its recipe's defaults), for the common-ρ probe's Q_tanh and Q_log adversaries. */
  mu: numberKnob({
    label: 'Probe Q temperature μ',
    doc: "μ of the common-ρ probe's BiSAM adversaries (Q_tanh, Q_log): larger focuses on the worst margin.",
    min: 0,
    minExclusive: true,
    max: 100,
    default: 1,
  }),
  alpha: numberKnob({
    label: 'Probe Q_tanh slope α',
    doc: "α of the common-ρ probe's Q_tanh adversary, φ(x) = tanh(αx).",
    min: 0,
    minExclusive: true,
    max: 100,
    default: 0.1,
  }),
  linePoints: numberKnob({
    label: 'Line points',
    doc: 'Points of the 1-D line, t from −0.5 to 1.5: one forward pass each.',
    min: 3,
    max: 201,
    integer: true,
    default: 41,
  }),
  gridSize: numberKnob({
    label: 'Surface grid n',
    doc: 'The 2-D surface is n × n forward passes.',
    min: 3,
    max: 51,
    integer: true,
    default: 21,
  }),
};
export type ProbeKnobKey = keyof typeof PROBE_KNOBS;

/** Each setting's link parameter, which is also its CLI flag in kebab case. */
export const PROBE_KNOB_PARAMS = {
  every: 'probeEvery',
  size: 'probeSize',
  iterations: 'probeIterations',
  traceSamples: 'probeSamples',
  rho: 'probeRho',
  mu: 'probeMu',
  alpha: 'probeAlpha',
  linePoints: 'probeLinePoints',
  gridSize: 'probeGrid',
} as const satisfies Record<ProbeKnobKey, string>;
export type ProbeKnobParam = (typeof PROBE_KNOB_PARAMS)[ProbeKnobKey];

/** The settings a probe's result depends on, beyond the schedule: P, then its own. */
export type ProbeMeasureKey = Exclude<ProbeKnobKey, 'every'>;
