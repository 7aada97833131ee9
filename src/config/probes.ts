/**
 * Probes applied equally to every run (ALGORITHMS.md, "Probes"): their settings, as one part of the
 * experiment config, and their results as plain data for the stream, the charts, CSV and bundles.
 */
import { z } from 'zod';
import { numberKnobSchema } from './knobSchema';
import { RUN_ID_MAX_LENGTH } from './limits';
import { PROBE_KNOBS, type ProbeMeasureKey } from './probeKnobs';

export const PROBE_KINDS = ['hessian', 'trace', 'common', 'line', 'surface'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

export const PROBE_LABELS: Record<ProbeKind, string> = {
  hessian: 'λ_max (power iteration)',
  trace: 'Hessian trace (Hutchinson)',
  common: 'common-ρ sharpness (CE, Q_tanh, Q_log)',
  line: '1-D line (initial → current)',
  surface: '2-D surface (filter-normalised)',
};

export const probeConfigSchema = z.object({
  /** Run the scheduled probes every this many steps; 0 = only on demand. */
  every: numberKnobSchema(PROBE_KNOBS.every),
  /** The probes run on the schedule. */
  kinds: z.array(z.enum(PROBE_KINDS)).max(PROBE_KINDS.length),
  /** P: training examples in the probe batch, chosen by the experiment seed. */
  size: numberKnobSchema(PROBE_KNOBS.size),
  /** k: power iterations. */
  iterations: numberKnobSchema(PROBE_KNOBS.iterations),
  /** n: Hutchinson samples (≥ 2 for a standard error). */
  traceSamples: numberKnobSchema(PROBE_KNOBS.traceSamples),
  /** ρ_probe: the common radius of the adversaries' ascent step. */
  rho: numberKnobSchema(PROBE_KNOBS.rho),
  /** Q's μ and the tanh bound's α for the probe's BiSAM adversaries. */
  mu: numberKnobSchema(PROBE_KNOBS.mu),
  alpha: numberKnobSchema(PROBE_KNOBS.alpha),
  /** Points of the 1-D line, t in [−0.5, 1.5]. */
  linePoints: numberKnobSchema(PROBE_KNOBS.linePoints),
  /** The 2-D surface is gridSize × gridSize, a and b in [−1, 1]. */
  gridSize: numberKnobSchema(PROBE_KNOBS.gridSize),
  /**
   * The run whose weights the scheduled 1-D line of every other run starts at (its replica of the same
   * seed, at the same step); absent, or that run itself, or a run no longer there: the initial weights.
   */
  lineFrom: z.string().min(1).max(RUN_ID_MAX_LENGTH).optional(),
});
export type ProbeConfig = z.infer<typeof probeConfigSchema>;

export const DEFAULT_PROBE_CONFIG: ProbeConfig = {
  every: PROBE_KNOBS.every.default,
  kinds: ['hessian', 'trace', 'common'],
  size: PROBE_KNOBS.size.default,
  iterations: PROBE_KNOBS.iterations.default,
  traceSamples: PROBE_KNOBS.traceSamples.default,
  rho: PROBE_KNOBS.rho.default,
  mu: PROBE_KNOBS.mu.default,
  alpha: PROBE_KNOBS.alpha.default,
  linePoints: PROBE_KNOBS.linePoints.default,
  gridSize: PROBE_KNOBS.gridSize.default,
};

/** The settings each probe's result depends on: P (the probe batch actually used), then its own. */
export const PROBE_SETTINGS_USED: Record<ProbeKind, readonly ProbeMeasureKey[]> = {
  hessian: ['size', 'iterations'],
  trace: ['size', 'traceSamples'],
  common: ['size', 'rho', 'mu', 'alpha'],
  line: ['size', 'linePoints'],
  surface: ['size', 'gridSize'],
};

/** What a record was measured with, so records made before and after a change of settings differ. */
export type ProbeRecordSettings = Partial<Pick<ProbeConfig, ProbeMeasureKey>>;

/** The settings `kind` uses, taken from `config` (with `size` the probe batch's actual size). */
export function settingsUsed(kind: ProbeKind, config: ProbeConfig, size: number): ProbeRecordSettings {
  const used: ProbeRecordSettings = Object.fromEntries(
    PROBE_SETTINGS_USED[kind].map((key) => [key, config[key]]),
  );
  return { ...used, size };
}

/** How the Hessian-vector products were formed (double backprop where tfjs supports the model). */
export type HvpMethod = 'double-backprop' | 'finite-difference';

export interface PowerIterationResult {
  /** λ after the last iteration. */
  readonly lambdaMax: number;
  /** λ = vᵀHv after each iteration, to show convergence. */
  readonly perIteration: number[];
  readonly hvp?: HvpMethod;
}

export interface TraceEstimate {
  readonly mean: number;
  /** Standard error of the mean, sample std (n−1) / √n; absent for one sample. */
  readonly standardError?: number;
  readonly samples: number[];
  readonly hvp?: HvpMethod;
}

export const ADVERSARIES = ['ce', 'qTanh', 'qLog'] as const;
export type Adversary = (typeof ADVERSARIES)[number];

export interface AdversaryEffect {
  /** L(w+e_A) − L(w), mean over the probe batch. */
  readonly lossIncrease: number;
  /** err(w+e_A) − err(w). */
  readonly errorIncrease: number;
  /** Probe examples right at w and wrong at w+e_A. */
  readonly flips: number;
}

export type CommonRhoResult = Record<Adversary, AdversaryEffect>;

export interface LineResult {
  /** w(t) = (1−t)·w_a + t·w_b. */
  readonly t: number[];
  readonly loss: number[];
  readonly accuracy: number[];
  /** What w_a was: 'init' or a run id. */
  readonly from?: string;
}

export interface SurfaceResult {
  /** Grid coordinates along each direction, the same for both axes. */
  readonly coordinates: number[];
  /** loss[i][j] at w + coordinates[i]·d1 + coordinates[j]·d2. */
  readonly loss: number[][];
  readonly accuracy: number[][];
}

export type ProbeOutcome =
  | { readonly kind: 'hessian'; readonly result: PowerIterationResult }
  | { readonly kind: 'trace'; readonly result: TraceEstimate }
  | { readonly kind: 'common'; readonly result: CommonRhoResult }
  | { readonly kind: 'line'; readonly result: LineResult }
  | { readonly kind: 'surface'; readonly result: SurfaceResult };

/** What a probe spent: passes over the probe batch and time inside its slices. */
export interface ProbeSpend {
  readonly gradientEvaluations: number;
  readonly forwardEvaluations: number;
  readonly ms: number;
}

/** One finished probe of one replica of a run at one step. */
export type ProbeRecord = ProbeOutcome & {
  readonly runId: string;
  /** Which seed of the run (0-based, seed = experiment seed + replica), as in `MetricChunk`; absent means 0. */
  readonly replica?: number;
  /** The run's step when its weights were taken. */
  readonly step: number;
  readonly spend: ProbeSpend;
  /** The settings it was measured with; absent in records made before they were recorded. */
  readonly settings?: ProbeRecordSettings;
};

/** What the worker streams about probes: progress while one runs, then its record or its failure. */
export type ProbeMessage =
  | {
      readonly kind: 'progress';
      readonly id: string;
      readonly runId: string;
      readonly replica?: number;
      readonly probe: ProbeKind;
      readonly step: number;
      readonly done: number;
      readonly total: number;
      readonly latest?: number;
      readonly spend: ProbeSpend;
    }
  | { readonly kind: 'finished'; readonly id: string; readonly record: ProbeRecord }
  | {
      readonly kind: 'failed';
      readonly id: string;
      readonly runId: string;
      readonly replica?: number;
      readonly probe: ProbeKind;
      readonly message: string;
    };

const spendSchema = z.object({
  gradientEvaluations: z.number().min(0),
  forwardEvaluations: z.number().min(0),
  ms: z.number().min(0),
});
const effectSchema = z.object({
  lossIncrease: z.number(),
  errorIncrease: z.number(),
  flips: z.number().int().min(0),
});
const numbers = z.array(z.number());
const hvpMethod = z.enum(['double-backprop', 'finite-difference']);
const recordBase = {
  runId: z.string().min(1),
  replica: z.number().int().min(0).optional(),
  step: z.number().int().min(0),
  spend: spendSchema,
  settings: z
    .object(
      Object.fromEntries(
        (Object.keys(PROBE_KNOBS) as (keyof typeof PROBE_KNOBS)[])
          .filter((key): key is ProbeMeasureKey => key !== 'every')
          .map((key) => [key, numberKnobSchema(PROBE_KNOBS[key]).optional()]),
      ) as Record<ProbeMeasureKey, z.ZodOptional<z.ZodNumber>>,
    )
    .strict()
    .optional(),
};

/** A probe record as bundles store it (inside a `probe` event), validated on import. */
export const probeRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    ...recordBase,
    kind: z.literal('hessian'),
    result: z.object({ lambdaMax: z.number(), perIteration: numbers }),
  }),
  z.object({
    ...recordBase,
    kind: z.literal('trace'),
    result: z.object({
      mean: z.number(),
      standardError: z.number().optional(),
      samples: numbers,
      hvp: hvpMethod.optional(),
    }),
  }),
  z.object({
    ...recordBase,
    kind: z.literal('common'),
    result: z.object({ ce: effectSchema, qTanh: effectSchema, qLog: effectSchema }),
  }),
  z.object({
    ...recordBase,
    kind: z.literal('line'),
    result: z.object({ t: numbers, loss: numbers, accuracy: numbers, from: z.string().optional() }),
  }),
  z.object({
    ...recordBase,
    kind: z.literal('surface'),
    result: z.object({ coordinates: numbers, loss: z.array(numbers), accuracy: z.array(numbers) }),
  }),
]);
