/**
 * Optimizer names, hyperparameters and per-method metadata as the config, URL, CLI and UI spell them.
 * Every knob is declared once in `HYPERPARAM_KNOBS`: the zod schema (range, default) and the UI text
 * both come from that table, so they cannot disagree.
 */
import { z } from 'zod';
import { type BooleanKnob, HYPERPARAM_KNOBS, type NumberKnob } from './hyperparamKnobs';

export { type BooleanKnob, HYPERPARAM_KNOBS, type Knob, type NumberKnob } from './hyperparamKnobs';

export const OPTIMIZER_NAMES = [
  'sgd',
  'sam',
  'bisam-tanh',
  'bisam-log',
  'gsam',
  'ssam-f',
  'ssam-d',
  'sampa',
  'bsam',
  'esam',
] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export const scheduleSchema = z.object({
  kind: z.enum(['constant', 'cosine', 'step']).default('constant'),
  /** Cosine: the learning rate ends at floor·lr. */
  floor: z.number().min(0).max(1).default(0),
  /** Step decay: multiply by `factor` every `every` steps. */
  every: z.number().int().min(1).default(1000),
  factor: z.number().gt(0).max(1).default(0.1),
  /** Linear warm-up from 0 over this many steps. */
  warmupSteps: z.number().int().min(0).default(0),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export type HyperparamKey = keyof typeof HYPERPARAM_KNOBS;

function numberField(knob: NumberKnob) {
  let field = knob.integer ? z.number().int() : z.number();
  field = knob.minExclusive ? field.gt(knob.min) : field.min(knob.min);
  field = knob.maxExclusive ? field.lt(knob.max) : field.max(knob.max);
  return field.default(knob.default);
}

const booleanField = (knob: BooleanKnob) => z.boolean().default(knob.default);

const K = HYPERPARAM_KNOBS;
export const hyperparamsSchema = z.object({
  lr: numberField(K.lr),
  momentum: numberField(K.momentum),
  weightDecay: numberField(K.weightDecay),
  nesterov: booleanField(K.nesterov),
  labelSmoothing: numberField(K.labelSmoothing),
  rho: numberField(K.rho),
  adaptive: booleanField(K.adaptive),
  mu: numberField(K.mu),
  alpha: numberField(K.alpha),
  sharpnessProbeEvery: numberField(K.sharpnessProbeEvery),
  m: numberField(K.m),
  rhoMin: numberField(K.rhoMin),
  gsamAlpha: numberField(K.gsamAlpha),
  sparsity: numberField(K.sparsity),
  maskUpdateEvery: numberField(K.maskUpdateEvery),
  fisherSamples: numberField(K.fisherSamples),
  dropRate: numberField(K.dropRate),
  sampaLambda: numberField(K.sampaLambda),
  bsamRhoMin: numberField(K.bsamRhoMin),
  esamBeta: numberField(K.esamBeta),
  esamGamma: numberField(K.esamGamma),
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
});
export type Hyperparams = z.infer<typeof hyperparamsSchema>;

export const DEFAULT_HYPERPARAMS: Hyperparams = hyperparamsSchema.parse({});

/** What the UI needs to present a method: which knobs it reads and what one step costs. */
export interface OptimizerInfo {
  readonly label: string;
  /** One line: what the method does. */
  readonly summary: string;
  /** Forward-backward passes per step (the "gradient evaluations" axis); declared here only. */
  readonly gradEvalsPerStep: number;
  /** The knobs the method reads (and the UI shows for it); every method lists the base step's. */
  readonly hyperparams: readonly HyperparamKey[];
  /**
   * Passes of one step that do not depend on each other, and whether they run concurrently here.
   * Absent: every pass needs the one before it. SAMPa's two gradients are independent, but one tfjs
   * worker runs them one after the other (`concurrent: false`).
   */
  readonly independentPasses?: {
    readonly count: number;
    readonly concurrent: boolean;
    readonly note: string;
  };
}

const BASE_STEP_KNOBS = ['lr', 'momentum', 'weightDecay', 'nesterov', 'labelSmoothing'] as const;

export const OPTIMIZER_INFO = {
  sgd: {
    label: 'SGD',
    summary: 'One pass, then the PyTorch SGD step; optionally probes sharpness at w+e every k steps.',
    gradEvalsPerStep: 1,
    hyperparams: [...BASE_STEP_KNOBS, 'sharpnessProbeEvery', 'rho', 'adaptive'],
  },
  sam: {
    label: 'SAM',
    summary: 'Steps with the gradient at w+e, where e raises the cross-entropy (Foret et al. 2021).',
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'm'],
  },
  'bisam-tanh': {
    label: 'BiSAM (tanh)',
    summary: 'SAM whose perturbation raises a tanh lower bound of the 0-1 loss (Xie et al. 2024).',
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'mu', 'alpha', 'm'],
  },
  'bisam-log': {
    label: 'BiSAM (-log)',
    summary: 'SAM whose perturbation raises a -log lower bound of the 0-1 loss (the reference default).',
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'mu', 'm'],
  },
  gsam: {
    label: 'GSAM',
    summary:
      'SAM with ρ following the learning rate, descending along g_p - α·g_⊥ to shrink the surrogate gap (Zhuang et al. 2022).',
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'rhoMin', 'gsamAlpha', 'adaptive', 'm'],
  },
  'ssam-f': {
    label: 'SSAM-F',
    summary:
      'SAM perturbing only the weights with the largest empirical Fisher; the mask costs extra single-example passes at each update (Mi et al. 2022).',
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'sparsity', 'maskUpdateEvery', 'fisherSamples', 'm'],
  },
  'ssam-d': {
    label: 'SSAM-D',
    summary:
      'SAM with a sparse perturbation mask that drops small-gradient weights and regrows random ones (Mi et al. 2022).',
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'sparsity', 'maskUpdateEvery', 'dropRate', 'm'],
  },
  sampa: {
    label: 'SAMPa',
    summary:
      "SAM whose two gradients are independent, the perturbation reusing the last step's look-ahead gradient (Xie et al. 2024); here they run one after the other.",
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'sampaLambda', 'adaptive'],
    independentPasses: {
      count: 2,
      concurrent: false,
      note: 'Runs sequentially here: one tfjs worker executes the two independent gradients one after the other (plus one forward pass at w for the metrics).',
    },
  },
  bsam: {
    label: 'BSAM',
    summary:
      'Bilateral SAM: adds the gradient at w and subtracts a rescaled gradient at w - e on the low-loss side (3 passes).',
    gradEvalsPerStep: 3,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'bsamRhoMin', 'adaptive'],
  },
  esam: {
    label: 'ESAM',
    summary:
      'Efficient SAM: perturbs a random subset of weight tensors and descends on the sharpest fraction of the batch (Du et al. 2022).',
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'esamBeta', 'esamGamma', 'adaptive'],
  },
} as const satisfies Record<OptimizerName, OptimizerInfo>;

/**
 * ρ in force for a run as the session records it, or undefined where the method never perturbs (SGD
 * without a probe). GSAM's ρ_t varies with the learning rate: its optimizer reports the value it used
 * as a per-step scalar, which takes precedence over this one.
 */
export function rhoInForce(name: OptimizerName, hparams: Hyperparams): number | undefined {
  if (name === 'sgd' && hparams.sharpnessProbeEvery === 0) return undefined;
  return hparams.rho;
}
