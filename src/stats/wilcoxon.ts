/**
 * Wilcoxon signed-rank test on paired differences, two-sided and exact. Conventions are scipy's
 * default (`scipy.stats.wilcoxon(d)`, scipy 1.17): zero differences are dropped ("wilcox"), tied
 * |d| share their mid-rank, and the p-value is the exact null distribution of the rank sum over
 * every assignment of signs — what scipy computes for n ≤ 50 without ties and, with ties or zeros,
 * by exhaustive permutation for n ≤ 13. Counting sign assignments by dynamic programming over the
 * (doubled, hence integer) rank sums keeps it exact for any n.
 */
import { pairedDifferences } from './pairedTTest';

export interface WilcoxonTest {
  /** Non-zero differences ranked. */
  readonly n: number;
  /** Pairs left out: a non-finite side, or a difference of exactly zero. */
  readonly excluded: number;
  /** min(W+, W−), as scipy reports it. */
  readonly statistic: number;
  /** Two-sided exact p; 1 when every difference is zero (no evidence either way, as scipy says). */
  readonly p: number;
}

/** |d| within this relative distance count as tied: differences of accuracies k/N should tie exactly. */
const TIE_TOLERANCE = 1e-9;

/** Mid-ranks (1-based) of the values, doubled so ties stay integers. */
export function doubledMidRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    const first = (order[start] as { value: number }).value;
    while (end + 1 < order.length && tied((order[end + 1] as { value: number }).value, first)) end += 1;
    // Positions start..end (0-based) share the rank ((start+1)+(end+1))/2, doubled: start+end+2.
    for (let i = start; i <= end; i++) ranks[(order[i] as { index: number }).index] = start + end + 2;
    start = end + 1;
  }
  return ranks;
}

const tied = (a: number, b: number) => Math.abs(a - b) <= TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));

/** counts[s]: how many of the 2^n sign assignments give a positive (doubled) rank sum of s. */
function signAssignmentCounts(doubledRanks: readonly number[]): number[] {
  const total = doubledRanks.reduce((sum, r) => sum + r, 0);
  let counts = new Array<number>(total + 1).fill(0);
  counts[0] = 1;
  for (const rank of doubledRanks) {
    const next = counts.slice();
    for (let s = 0; s + rank <= total; s++)
      next[s + rank] = (next[s + rank] as number) + (counts[s] as number);
    counts = next;
  }
  return counts;
}

export function wilcoxonSignedRank(method: readonly number[], baseline: readonly number[]): WilcoxonTest {
  const paired = pairedDifferences(method, baseline);
  const differences = paired.differences.filter((d) => d !== 0);
  const excluded = method.length - differences.length;
  if (differences.length === 0)
    return { n: 0, excluded, statistic: 0, p: paired.differences.length > 0 ? 1 : Number.NaN };
  const ranks = doubledMidRanks(differences.map(Math.abs));
  const total = ranks.reduce((sum, r) => sum + r, 0);
  const positive = differences.reduce((sum, d, i) => (d > 0 ? sum + (ranks[i] as number) : sum), 0);
  const smaller = Math.min(positive, total - positive);
  const counts = signAssignmentCounts(ranks);
  // The null distribution is symmetric about total/2, so both tails equal the lower one at `smaller`.
  let lowerTail = 0;
  for (let s = 0; s <= smaller; s++) lowerTail += counts[s] as number;
  const p = Math.min(1, (2 * lowerTail) / 2 ** differences.length);
  return { n: differences.length, excluded, statistic: smaller / 2, p };
}
