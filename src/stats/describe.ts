/**
 * Spread of one metric over seeds (ALGORITHMS.md, "Statistics over seeds"): mean, sample standard
 * deviation (n − 1) and the 95% confidence interval mean ± t_{0.975, n−1}·std/√n. Plain numbers in,
 * plain numbers out: the page, the worker and the CLI all call it.
 */
import { tQuantile } from './tDistribution';

export interface SeedSummary {
  /** How many values entered (non-finite ones are left out and counted in `excluded`). */
  readonly n: number;
  readonly excluded: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); NaN for n < 2. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** Half-width of the 95% confidence interval of the mean; NaN for n < 2. */
  readonly ciHalfWidth: number;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation with the n − 1 denominator; NaN for fewer than two values. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  const squares = values.reduce((sum, v) => sum + (v - m) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

/** Half-width of the two-sided `level` confidence interval of the mean of n values with this std. */
export function confidenceHalfWidth(std: number, n: number, level = 0.95): number {
  if (n < 2 || !Number.isFinite(std)) return Number.NaN;
  return tQuantile(1 - (1 - level) / 2, n - 1) * (std / Math.sqrt(n));
}

/**
 * Mean ± std and the 95% CI of the finite values; a diverged replica's NaN/Inf is excluded (and
 * counted), never averaged in.
 */
export function summarizeSeeds(values: readonly number[]): SeedSummary {
  const finite = values.filter(Number.isFinite);
  const std = sampleStd(finite);
  return {
    n: finite.length,
    excluded: values.length - finite.length,
    mean: mean(finite),
    std,
    min: finite.length === 0 ? Number.NaN : Math.min(...finite),
    max: finite.length === 0 ? Number.NaN : Math.max(...finite),
    ciHalfWidth: confidenceHalfWidth(std, finite.length),
  };
}
