/**
 * The one table of hyperparameter knobs: label, one-line doc, range and default of every knob. The
 * zod schema (`optimizers.ts`), the URL codec, the CLI usage and the UI forms are all built from it.
 */

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
    doc: 'Step size of the base SGD update (before the schedule); too large a step diverges and stops the run.',
    min: 0,
    minExclusive: true,
    // Deliberately wide: watching a run diverge (and the others carry on) is part of the playground.
    max: 1e6,
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
  /**
   * m-sharpness (Foret et al. 2021, §4; Andriushchenko & Flammarion 2022): groups of m examples, each
   * with its own perturbation. 0 (or m ≥ batch size) is plain full-batch SAM.
   */
  m: numberKnob({
    label: 'Group size m',
    doc: 'm-sharpness: split the batch into groups of m examples, each with its own perturbation (0 = off).',
    min: 0,
    max: 1024,
    integer: true,
    default: 0,
  }),
  /** GSAM's ρ_min: ρ_t follows the learning rate from ρ (at the largest η) down to ρ_min (at the smallest). */
  rhoMin: numberKnob({
    label: 'GSAM radius at lowest lr ρ_min',
    doc: 'GSAM: ρ follows the learning rate, from ρ at the peak down to ρ_min at the lowest rate.',
    min: 0,
    max: 10,
    default: 0.02,
  }),
  /** GSAM's α: weight of the orthogonal component g_⊥ removed from the descent (0.01 ImageNet … 0.4 CIFAR). */
  gsamAlpha: numberKnob({
    label: 'GSAM ascent weight α',
    doc: 'GSAM: descend along g_p - α·g_⊥, also lowering the surrogate gap (0 = SAM).',
    min: 0,
    max: 10,
    default: 0.2,
  }),
  /** SSAM's s: fraction of the weights whose perturbation is masked out (the reference's default 0.5). */
  sparsity: numberKnob({
    label: 'Mask sparsity s',
    doc: 'SSAM: fraction of the weights left unperturbed by the binary mask.',
    min: 0,
    max: 1,
    default: 0.5,
  }),
  /** SSAM's update interval, in steps (the reference counts epochs: 5 of 200). */
  maskUpdateEvery: numberKnob({
    label: 'Mask update every',
    doc: 'SSAM: recompute the mask every this many steps (SSAM-F: Fisher passes; SSAM-D: drop and regrow).',
    min: 1,
    max: 100_000,
    integer: true,
    default: 100,
  }),
  /** SSAM-F's num_samples: single-example gradients in the Fisher estimate (at most the batch size here). */
  fisherSamples: numberKnob({
    label: 'Fisher samples',
    doc: 'SSAM-F: single-example gradients summed into the Fisher estimate (capped at the batch size).',
    min: 1,
    max: 1024,
    integer: true,
    default: 128,
  }),
  /** SSAM-D's dr: at each update a fraction dr·(1+cos(πt/T))/2 of the live weights is dropped and regrown. */
  dropRate: numberKnob({
    label: 'Drop rate dr',
    doc: 'SSAM-D: fraction of the live mask entries dropped (smallest |g|) and regrown at random per update.',
    min: 0,
    max: 1,
    default: 0.5,
  }),
  /** SAMPa's λ: weight of ∇f(y_{t+1}) in the update (1-λ on ∇f(x̃_t)); 0.2 in the reference. */
  sampaLambda: numberKnob({
    label: 'SAMPa mixing λ',
    doc: 'SAMPa: descend along (1-λ)·∇f(x̃) + λ·∇f(y), mixing in the gradient at the look-ahead point.',
    min: 0,
    max: 1,
    default: 0.2,
  }),
  /** BSAM's ρ_min at the start; it decays to 0 in proportion to the learning rate (the reference's cosine). */
  bsamRhoMin: numberKnob({
    label: 'BSAM lower radius ρ_min',
    doc: 'BSAM: radius of the probe at w - e on the low-loss side; it shrinks to 0 with the learning rate.',
    min: 0,
    max: 10,
    default: 0.05,
  }),
  /** ESAM's β: each parameter tensor is perturbed with probability β, and e is scaled by 1/β. */
  esamBeta: numberKnob({
    label: 'ESAM keep probability β',
    doc: 'ESAM: each weight tensor is perturbed with probability β (e scaled by 1/β); 1 = every tensor.',
    min: 0,
    minExclusive: true,
    max: 1,
    default: 0.6,
  }),
  /** ESAM's γ: fraction of the batch (the sharpest examples) the descent pass uses. */
  esamGamma: numberKnob({
    label: 'ESAM data fraction γ',
    doc: 'ESAM: the descent pass uses only the fraction γ of the batch whose loss rose most at w+e.',
    min: 0,
    minExclusive: true,
    max: 1,
    default: 0.5,
  }),
};
