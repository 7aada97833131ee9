/**
 * Paired comparison of a method with a baseline over the same seeds: d_k = x_k − y_k, the mean
 * difference with its 95% CI, and the two-sided paired t-test on d (ALGORITHMS.md, "Statistics over
 * seeds"). A pair where either side is not finite (a diverged replica) is left out, so the pairing of
 * the rest is kept.
 */
import { confidenceHalfWidth, mean, sampleStd } from './describe';
import { twoSidedTailProbability } from './tDistribution';

export interface PairedTTest {
  /** Pairs used. */
  readonly n: number;
  /** Pairs left out because one side was not finite. */
  readonly excluded: number;
  readonly meanDifference: number;
  /** Sample std of the differences. */
  readonly std: number;
  /** Half-width of the 95% CI of the mean difference. */
  readonly ciHalfWidth: number;
  readonly t: number;
  readonly df: number;
  /** Two-sided; NaN when it is undefined (n < 2, or every difference is exactly zero). */
  readonly p: number;
}

/** The finite differences x_k − y_k of paired values (same index = same seed). */
export function pairedDifferences(
  method: readonly number[],
  baseline: readonly number[],
): { differences: number[]; excluded: number } {
  if (method.length !== baseline.length)
    throw new Error(`paired values need the same seeds: got ${method.length} and ${baseline.length} values`);
  const differences: number[] = [];
  method.forEach((x, k) => {
    const d = x - (baseline[k] as number);
    if (Number.isFinite(d)) differences.push(d);
  });
  return { differences, excluded: method.length - differences.length };
}

export function pairedTTest(method: readonly number[], baseline: readonly number[]): PairedTTest {
  const { differences, excluded } = pairedDifferences(method, baseline);
  const n = differences.length;
  const meanDifference = mean(differences);
  const std = sampleStd(differences);
  // std = 0 with a non-zero mean: every seed moved the same way, t = ±∞ and p = 0 (scipy agrees).
  const t = meanDifference / (std / Math.sqrt(n));
  return {
    n,
    excluded,
    meanDifference,
    std,
    ciHalfWidth: confidenceHalfWidth(std, n),
    t,
    df: n - 1,
    p: n < 2 ? Number.NaN : twoSidedTailProbability(t, n - 1),
  };
}
