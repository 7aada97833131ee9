/**
 * The numbers of the summary table, per run: latest and best test accuracy, final loss, mean
 * sharpness and flip rate over the last window, speed and status. Pure, so the table only formats.
 */
import type { RobustRecord } from '../../config/robust';
import type { RunView } from '../runViews';

/** Steps in the "recent" window of the mean sharpness and flip rate. */
export const WINDOW = 100;

export interface RunStats {
  readonly step?: number;
  readonly loss?: number;
  readonly testAccuracy?: number;
  readonly bestTestAccuracy?: number;
  readonly bestAtStep?: number;
  readonly sharpness?: number;
  readonly flipRate?: number;
  /** Steps per second this run alone would take (1000 / its ms per step). */
  readonly stepsPerSecond?: number;
  /** The latest robust evaluation. */
  readonly robust?: RobustRecord;
  readonly status: string;
}

/** Mean of the finite values among the last `window` entries. */
export function recentMean(values: readonly number[] | undefined, window = WINDOW): number | undefined {
  if (!values) return undefined;
  let sum = 0;
  let count = 0;
  for (let i = Math.max(0, values.length - window); i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isFinite(value)) {
      sum += value;
      count += 1;
    }
  }
  return count === 0 ? undefined : sum / count;
}

function lastFinite(values: readonly number[] | undefined): number | undefined {
  if (!values) return undefined;
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return undefined;
}

export function runStats(run: RunView, sessionStatus: string): RunStats {
  const series = run.series;
  if (!series) return { status: run.importedFrom ? 'imported' : 'not started' };
  let best: { step: number; testAccuracy: number } | undefined;
  for (const evaluation of series.evaluations)
    if (!best || evaluation.testAccuracy > best.testAccuracy) best = evaluation;
  const msPerStep = series.info?.msPerStep;
  const status = run.importedFrom
    ? 'imported'
    : series.status === 'diverged'
      ? `diverged at step ${series.divergedAtStep?.toLocaleString('en-US')}`
      : series.status === 'done'
        ? 'finished'
        : sessionStatus;
  return {
    step: series.info?.step ?? (series.steps.length > 0 ? (series.steps.at(-1) as number) + 1 : undefined),
    loss: lastFinite(series.values.loss),
    testAccuracy: series.evaluations.at(-1)?.testAccuracy,
    bestTestAccuracy: best?.testAccuracy,
    bestAtStep: best?.step,
    sharpness: recentMean(series.values.sharpness),
    flipRate: recentMean(series.values.flipRate),
    stepsPerSecond: msPerStep && msPerStep > 0 ? 1000 / msPerStep : undefined,
    robust: series.robust.at(-1),
    status,
  };
}
