/**
 * What a knob is (label, one-line doc, range, default) and the knobs every method family shares: the
 * base step's, the perturbation radius and its ASAM form, and m-sharpness. A method's own knobs live in
 * its meta.ts, named with the method's prefix (README "Naming"); config/optimizers.ts merges them all
 * into the one table the zod schema, the URL codec, the CLI usage and the UI forms are built from.
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
  /** The name share links, bundles and parity cases used before the naming rule; still read as this knob. */
  readonly formerName?: string;
}

export interface BooleanKnob {
  readonly kind: 'boolean';
  readonly label: string;
  readonly doc: string;
  readonly default: boolean;
  readonly formerName?: string;
}

export type Knob = NumberKnob | BooleanKnob;

/** A short list of numbers of one range, typed as "1, 2, 4, 8" (the robust evaluation's ε and σ). */
export interface ListKnob extends Omit<NumberKnob, 'kind' | 'default' | 'formerName'> {
  readonly kind: 'list';
  readonly maxItems: number;
  readonly default: readonly number[];
}

/** Typed constructors, so every entry of a table is a plain NumberKnob or BooleanKnob (not a literal type). */
export const numberKnob = (knob: Omit<NumberKnob, 'kind'>): NumberKnob => ({ kind: 'number', ...knob });
export const booleanKnob = (knob: Omit<BooleanKnob, 'kind'>): BooleanKnob => ({ kind: 'boolean', ...knob });
export const listKnob = (knob: Omit<ListKnob, 'kind'>): ListKnob => ({ kind: 'list', ...knob });

/**
 * Defaults follow the BiSAM reference recipe (ρ .05, μ 1, α .1, β .9, λ 5e-4) except lr and label
 * smoothing, which the playground's short runs on small data need otherwise (see each entry).
 */
export const SHARED_KNOBS = {
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
};
export type SharedKnobKey = keyof typeof SHARED_KNOBS;

/** The knobs of the PyTorch SGD step every method ends with. */
export const BASE_STEP_KNOBS = ['lr', 'momentum', 'weightDecay', 'nesterov', 'labelSmoothing'] as const;
