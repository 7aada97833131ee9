/** Names of the per-step metrics and the shape they stream in, shared by engine, worker and charts. */
import type { UnionToIntersection } from '../methods/common/meta';
import { OPTIMIZER_INFO, type OptimizerName } from '../methods/metas';

/**
 * The per-step metrics every method may report. `lr` and `rho` are host numbers added by the session
 * (an optimizer's own `rho` scalar wins); the rest are device scalars from `Optimizer.step`. Every
 * sharpness-aware method reports loss through gradCosine every step, plus its own (declared in its
 * meta.ts: BiSAM's `bisamQ`, SSAM's `ssamMaskUpdated`, BSAM's `bsamRhoMin`); SGD reports the
 * perturbation ones only on its sharpness-probe steps (NaN elsewhere in a chunk).
 */
export const SHARED_STEP_METRICS = [
  /** Clean smoothed cross-entropy L(w) from the first-pass logits (also for BiSAM). */
  'loss',
  /** Batch accuracy at w, first-pass logits. */
  'accuracy',
  /** Learning rate in force (after the schedule). */
  'lr',
  /** ρ in force (absent for SGD without a sharpness probe); GSAM's ρ_t follows the learning rate. */
  'rho',
  /** L(w+e). */
  'perturbedLoss',
  /** L(w+e) - L(w). */
  'sharpness',
  /** Error rate at w+e minus error rate at w (0-1 sharpness). */
  'errorRateChange',
  /** Fraction of the batch correct at w and wrong at w+e. */
  'flipRate',
  /** ‖g_a‖, global norm of the ascent gradient (∇L for SAM, ∇Q for BiSAM). */
  'ascentGradNorm',
  /** ‖e‖, global norm of the perturbation (ρ for plain SAM/BiSAM unless g_a = 0). */
  'perturbationNorm',
  /** cos(g_a, ∇L(w+e)): agreement of the ascent gradient and the gradient at the perturbed point. */
  'gradCosine',
  /**
   * Fraction of the weights the perturbation leaves out: SSAM's mask sparsity (its mask as it stands
   * after the step), ESAM's share of weights in the tensors SWP skipped this step.
   */
  'maskSparsity',
] as const;

type MethodMetricName = keyof UnionToIntersection<(typeof OPTIMIZER_INFO)[OptimizerName]['metrics']> & string;
export type StepMetricName = (typeof SHARED_STEP_METRICS)[number] | MethodMetricName;

/** Every per-step metric: the shared ones, then each method's own in registry order (CSV columns follow it). */
export const STEP_METRICS: readonly StepMetricName[] = [
  ...new Set([
    ...SHARED_STEP_METRICS,
    ...Object.values(OPTIMIZER_INFO).flatMap((meta) => Object.keys(meta.metrics) as MethodMetricName[]),
  ]),
];

/** Consecutive steps of one replica of a run, column-wise (typed arrays travel as transferables). */
export interface MetricChunk {
  readonly runId: string;
  /** Which seed of the run (0-based, seed = experiment seed + replica); absent means 0. */
  readonly replica?: number;
  readonly steps: Int32Array;
  /** Every column has `steps.length` entries; NaN where a metric was not measured that step. */
  readonly values: Partial<Record<StepMetricName, Float32Array>>;
}

/** A test-set evaluation of one run after `step` steps. */
export interface EvaluationRecord {
  readonly runId: string;
  /** As in `MetricChunk`: absent means replica 0. */
  readonly replica?: number;
  readonly step: number;
  readonly testLoss: number;
  readonly testAccuracy: number;
  /** Accuracy per true class (K entries). */
  readonly perClassAccuracy?: number[];
  /** confusion[true][predicted] counts (K×K). */
  readonly confusion?: number[][];
  /** With label noise: accuracy on the noisy-labelled training examples against their true labels. */
  readonly noisyTrueAccuracy?: number;
  /** …and against their noisy labels (rising = memorising the noise). */
  readonly noisyLabelAccuracy?: number;
  /** 2-D data: the predicted class over the plane, see DECISION_BOUNDARY. */
  readonly boundary?: Uint8Array;
}

/**
 * The decision-boundary grid of 2-D data: `resolution`² cells over [−extent, extent]² (the toy
 * sets' square, in the data's own units), row-major from the top row (y = +extent) down.
 */
export const DECISION_BOUNDARY = { resolution: 48, extent: 6 } as const;

/** One key per replica of a run, for maps that hold replicas side by side. */
export const replicaKey = (item: { readonly runId: string; readonly replica?: number }): string =>
  `${item.runId}#${item.replica ?? 0}`;
