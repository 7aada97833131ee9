/**
 * Optimizer names, hyperparameters and per-method metadata as the config, URL, CLI and UI spell them.
 * Every knob is declared once in `HYPERPARAM_KNOBS`: the zod schema (range, default) and the UI text
 * both come from that table, so they cannot disagree.
 */
import { z } from 'zod';

export const OPTIMIZER_NAMES = ['sgd', 'sam', 'bisam-tanh', 'bisam-log'] as const;
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

/** A numeric knob: [min, max] with optionally open ends; `integer` for counts. */
export interface NumberKnob {
  readonly kind: 'number';
  readonly label: string;
  /** One line for the UI: what the knob does. */
  readonly doc: string;
  readonly min: number;
  readonly max: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
  readonly default: number;
}

export interface BooleanKnob {
  readonly kind: 'boolean';
  readonly label: string;
  readonly doc: string;
  readonly default: boolean;
}

export type Knob = NumberKnob | BooleanKnob;

/** Typed constructors, so every entry of the table is a plain NumberKnob or BooleanKnob (not a literal type). */
const numberKnob = (knob: Omit<NumberKnob, 'kind'>): NumberKnob => ({ kind: 'number', ...knob });
const booleanKnob = (knob: Omit<BooleanKnob, 'kind'>): BooleanKnob => ({ kind: 'boolean', ...knob });

/**
 * Defaults follow the BiSAM reference recipe (ρ .05, μ 1, α .1, β .9, λ 5e-4) except lr and label
 * smoothing, which the playground's short runs on small data need otherwise (see each entry).
 */
export const HYPERPARAM_KNOBS = {
  /** η: 0.05, not the recipe's 0.1, because playground runs are a few thousand steps without warm-up. */
  lr: numberKnob({
    label: 'Learning rate η',
    doc: 'Step size of the base SGD update (before the schedule).',
    min: 0,
    minExclusive: true,
    max: 10,
    default: 0.05,
  }),
  /** β of torch.optim.SGD (dampening 0). */
  momentum: numberKnob({
    label: 'Momentum β',
    doc: 'Heavy-ball momentum of the base step, as torch.optim.SGD.',
    min: 0,
    max: 1,
    maxExclusive: true,
    default: 0.9,
  }),
  /** λ: coupled decay, enters the base step only, never the ascent gradient. */
  weightDecay: numberKnob({
    label: 'Weight decay λ',
    doc: 'Adds λ·w to the descent gradient (never to the ascent gradient).',
    min: 0,
    max: 0.1,
    default: 5e-4,
  }),
  /** Nesterov momentum: direction d + β·buf instead of buf. */
  nesterov: booleanKnob({
    label: 'Nesterov',
    doc: 'Use Nesterov momentum in the base step.',
    default: false,
  }),
  /** s: 1-s on the true class, s/(K-1) elsewhere. 0 by default (the recipe's 0.1 suits 200 CIFAR epochs, not a short run). */
  labelSmoothing: numberKnob({
    label: 'Label smoothing s',
    doc: 'Target 1-s on the true class and s/(K-1) on each other class.',
    min: 0,
    max: 1,
    maxExclusive: true,
    default: 0,
  }),
  /** ρ: radius of the ascent step ‖e‖ (plain form); ASAM wants ~10× more (0.5 on CIFAR-10). */
  rho: numberKnob({
    label: 'Radius ρ',
    doc: 'Size of the weight perturbation e (ASAM: of T⁻¹e); larger probes a wider neighbourhood.',
    min: 0,
    max: 10,
    default: 0.05,
  }),
  /** ASAM (Kwon et al. 2021): e = ρ·T²g/(‖Tg‖+eps), T = |w|, scale-invariant. */
  adaptive: booleanKnob({
    label: 'Adaptive (ASAM)',
    doc: 'Scale the perturbation by |w| per weight (ASAM); use a larger ρ, e.g. 0.5.',
    default: false,
  }),
  /** μ: temperature of BiSAM's log-sum-exp over classes (1/μ keeps Q in the paper's units). */
  mu: numberKnob({
    label: 'Temperature μ',
    doc: "Sharpness of BiSAM's soft maximum over classes: larger focuses on the worst margin.",
    min: 0,
    minExclusive: true,
    max: 100,
    default: 1,
  }),
  /** α: slope of BiSAM-tanh's φ(x) = tanh(αx). */
  alpha: numberKnob({
    label: 'Slope α',
    doc: 'Slope of the tanh lower bound φ(x) = tanh(αx) of the 0-1 loss.',
    min: 0,
    minExclusive: true,
    max: 10,
    default: 0.1,
  }),
  /** SGD only: every k steps one extra forward pass at w+e measures sharpness (0 = off). */
  sharpnessProbeEvery: numberKnob({
    label: 'Sharpness probe every',
    doc: 'SGD: every k steps, one extra forward pass at w+e reports sharpness and flips (0 = off).',
    min: 0,
    max: 100_000,
    integer: true,
    default: 0,
  }),
};

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
  readonly hyperparams: readonly HyperparamKey[];
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
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive'],
  },
  'bisam-tanh': {
    label: 'BiSAM (tanh)',
    summary: 'SAM whose perturbation raises a tanh lower bound of the 0-1 loss (Xie et al. 2024).',
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'mu', 'alpha'],
  },
  'bisam-log': {
    label: 'BiSAM (-log)',
    summary: 'SAM whose perturbation raises a -log lower bound of the 0-1 loss (the reference default).',
    gradEvalsPerStep: 2,
    hyperparams: [...BASE_STEP_KNOBS, 'rho', 'adaptive', 'mu'],
  },
} as const satisfies Record<OptimizerName, OptimizerInfo>;

/** ρ in force for a run, or undefined where the method never perturbs (SGD without a probe). */
export function rhoInForce(name: OptimizerName, hparams: Hyperparams): number | undefined {
  if (name === 'sgd' && hparams.sharpnessProbeEvery === 0) return undefined;
  return hparams.rho;
}
