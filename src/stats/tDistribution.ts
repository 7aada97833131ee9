/**
 * Student's t distribution from @stdlib (regularised incomplete beta inside; not written by hand):
 * the quantile for confidence intervals and the two-sided tail for the paired t-test.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tInverseCdf from '@stdlib/stats-base-dists-t-quantile';

/** The p-quantile of Student's t with `df` degrees of freedom. */
export function tQuantile(p: number, df: number): number {
  return tInverseCdf(p, df);
}

/** P(|T| ≥ |t|) for T ~ t(df): the two-sided p-value of a t statistic. */
export function twoSidedTailProbability(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}
