/**
 * A trained run reduced to what a study compares: final scalars (test accuracy, mean own-perturbation
 * flip rate, λ_max, trace, common-ρ flips per adversary, FGSM/PGD accuracy per ε) and binned curves.
 */
import type { StepMetricName } from '../../src/config/metrics';
import type { ProbeRecord } from '../../src/config/probes';
import type { RobustRecord } from '../../src/config/robust';
import type { MetricLog, RunLog } from '../cli/metricLog';

/** A step curve is averaged into this many bins (one batch's flip rate is noisy). */
const CURVE_BINS = 40;

export interface Curve {
  readonly steps: number[];
  readonly values: number[];
}

export type RunCurves = Record<string, Curve>;

/** Means of the measured values of `name` in equal step bins; bins with none are left out. */
export function stepCurve(log: RunLog, name: StepMetricName, bins = CURVE_BINS): Curve {
  const values = log.metrics.get(name) ?? [];
  const size = Math.max(1, Math.ceil(log.steps.length / bins));
  const curve: Curve = { steps: [], values: [] };
  for (let start = 0; start < log.steps.length; start += size) {
    const measured = values.slice(start, start + size).filter((v) => Number.isFinite(v));
    if (measured.length === 0) continue;
    curve.steps.push((log.steps[Math.min(start + size, log.steps.length) - 1] as number) + 1);
    curve.values.push(measured.reduce((a, b) => a + b, 0) / measured.length);
  }
  return curve;
}

function meanOfMeasured(values: readonly number[]): number {
  const measured = values.filter((v) => Number.isFinite(v));
  return measured.length === 0 ? Number.NaN : measured.reduce((a, b) => a + b, 0) / measured.length;
}

export function finalMetrics(
  runId: string,
  /** The run's key in `log` (its replica key). */
  logKey: string,
  log: MetricLog,
  probes: readonly ProbeRecord[],
  robust: readonly RobustRecord[],
): Record<string, number> {
  const finals: Record<string, number> = {};
  const evaluation = log.lastEvaluation(logKey);
  finals.testAccuracy = evaluation?.testAccuracy ?? Number.NaN;
  finals.testLoss = evaluation?.testLoss ?? Number.NaN;
  const runLog = log.runs.get(logKey);
  finals.flipRate = meanOfMeasured(runLog?.metrics.get('flipRate') ?? []);
  finals.trainLoss = meanOfMeasured(
    (runLog?.metrics.get('loss') ?? []).slice(-Math.max(1, Math.round((runLog?.steps.length ?? 0) / 10))),
  );
  for (const record of probes.filter((p) => p.runId === runId)) {
    if (record.kind === 'hessian') finals.lambdaMax = record.result.lambdaMax;
    if (record.kind === 'trace') finals.trace = record.result.mean;
    if (record.kind === 'common')
      for (const [adversary, effect] of Object.entries(record.result)) {
        finals[`${adversary}.flips`] = effect.flips;
        finals[`${adversary}.lossIncrease`] = effect.lossIncrease;
      }
  }
  const last = robust.filter((r) => r.runId === runId).at(-1);
  if (last) Object.assign(finals, robustMetrics(last));
  // Left out rather than NaN (which JSON cannot hold): a missing value reads as NaN when analysed.
  return Object.fromEntries(Object.entries(finals).filter(([, v]) => Number.isFinite(v)));
}

function robustMetrics(last: RobustRecord): Record<string, number> {
  const finals: Record<string, number> = {};
  finals.robustClean = last.clean;
  for (const [i, eps] of last.eps.entries()) {
    if (last.fgsm[i] !== undefined) finals[`fgsm@${eps}`] = last.fgsm[i];
    if (last.pgd[i] !== undefined) finals[`pgd@${eps}`] = last.pgd[i];
  }
  return finals;
}
