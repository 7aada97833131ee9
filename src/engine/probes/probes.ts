/**
 * The five probes behind one entry point: what each needs from a run, seeded the same way for every
 * run of an experiment (start vector, Rademacher vectors and landscape directions derive from its seed).
 */
import type * as tf from '@tensorflow/tfjs';
import type { ProbeConfig, ProbeKind, ProbeOutcome } from '../../config/probes';
import { deriveSeed } from '../random';
import { commonRhoSharpness } from './commonRho';
import { filterNormalised } from './directions';
import type { ProbeCost, ProbeEvaluator } from './evaluator';
import { type HvpOperator, hutchinsonTrace, powerIteration } from './hessian';
import { probeHvp } from './hvpOperator';
import { lineLandscape, surfaceLandscape } from './landscape';
import { gaussianTensors } from './randomVectors';
import type { ProbeTask } from './types';

/** The probe settings of the experiment config, with the experiment seed every seeded vector derives from. */
export type ProbeSettings = Omit<ProbeConfig, 'every' | 'kinds' | 'size'> & { readonly seed: number };

/** What a probe reads from a run; the caller owns the tensors (snapshots: training may go on meanwhile). */
export interface ProbeTarget {
  readonly weights: readonly tf.Tensor[];
  /** The run's label smoothing: probes measure its training loss. */
  readonly smoothing: number;
  /** The line's start w_a (another run's weights, or the initial ones); the line ends at `weights`. */
  readonly lineFrom?: readonly tf.Tensor[];
}

/** Seed labels of the probes' random vectors (distinct from the batch order's and the init's). */
const SEED_LABEL = { powerStart: 0x7001, trace: 0x7002, surfaceX: 0x7003, surfaceY: 0x7004 } as const;

export function probeSeed(settings: ProbeSettings, purpose: keyof typeof SEED_LABEL): number {
  return deriveSeed(settings.seed, SEED_LABEL[purpose]);
}

/** A probe of `kind` on `target`; `cost` counts the passes it makes. */
export async function* runProbe(
  kind: ProbeKind,
  evaluator: ProbeEvaluator,
  target: ProbeTarget,
  settings: ProbeSettings,
  cost: ProbeCost,
): ProbeTask<ProbeOutcome> {
  const operator = probeHvp(evaluator, target.weights, target.smoothing, cost);
  try {
    const outcome = yield* probeOf(kind, evaluator, target, settings, cost, operator.hvp);
    if (outcome.kind === 'hessian' || outcome.kind === 'trace')
      return { ...outcome, result: { ...outcome.result, hvp: operator.method() } } as ProbeOutcome;
    return outcome;
  } finally {
    operator.dispose();
  }
}

async function* probeOf(
  kind: ProbeKind,
  evaluator: ProbeEvaluator,
  target: ProbeTarget,
  settings: ProbeSettings,
  cost: ProbeCost,
  hvp: HvpOperator,
): ProbeTask<ProbeOutcome> {
  const { weights, smoothing } = target;
  const shapes = evaluator.params.map((p) => p.shape);
  switch (kind) {
    case 'hessian': {
      const start = gaussianTensors(shapes, probeSeed(settings, 'powerStart'));
      try {
        return { kind, result: yield* powerIteration(hvp, start, settings.iterations) };
      } finally {
        for (const t of start) t.dispose();
      }
    }
    case 'trace':
      return {
        kind,
        result: yield* hutchinsonTrace(hvp, shapes, settings.traceSamples, probeSeed(settings, 'trace')),
      };
    case 'common': {
      const common = { rho: settings.rho, mu: settings.mu, alpha: settings.alpha, smoothing };
      return { kind, result: yield* commonRhoSharpness(evaluator, weights, common, cost) };
    }
    case 'line': {
      if (!target.lineFrom)
        throw new Error('the line probe needs a start: another run or the initial weights');
      return {
        kind,
        result: yield* lineLandscape(
          evaluator,
          target.lineFrom,
          weights,
          smoothing,
          cost,
          settings.linePoints,
        ),
      };
    }
    case 'surface': {
      const directions = (['surfaceX', 'surfaceY'] as const).map((purpose) => {
        const raw = gaussianTensors(shapes, probeSeed(settings, purpose));
        const normalised = filterNormalised(raw, weights, evaluator.params);
        for (const t of raw) t.dispose();
        return normalised;
      }) as [tf.Tensor[], tf.Tensor[]];
      try {
        return {
          kind,
          result: yield* surfaceLandscape(evaluator, weights, directions, smoothing, cost, settings.gridSize),
        };
      } finally {
        for (const t of directions.flat()) t.dispose();
      }
    }
  }
}
