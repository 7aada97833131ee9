/**
 * A method against a baseline over the same seeds, and the plain sentence that says what it means:
 * "BiSAM − SAM: +0.31 ± 0.22 pts (95% CI), p = 0.21, not significant at 5%". The verdict follows the
 * paired t-test; from six pairs on, the Wilcoxon signed-rank p is reported beside it (ALGORITHMS.md).
 */
import { type PairedTTest, pairedTTest } from './pairedTTest';
import { type WilcoxonTest, wilcoxonSignedRank } from './wilcoxon';

/** Below this many pairs the signed-rank test cannot reach 5% two-sided (its smallest p is 2/2^n). */
export const MIN_PAIRS_FOR_WILCOXON = 6;
export const SIGNIFICANCE_LEVEL = 0.05;

export interface PairedComparison {
  readonly tTest: PairedTTest;
  /** Present from `MIN_PAIRS_FOR_WILCOXON` finite pairs on. */
  readonly wilcoxon?: WilcoxonTest;
}

export function comparePaired(method: readonly number[], baseline: readonly number[]): PairedComparison {
  const tTest = pairedTTest(method, baseline);
  if (tTest.n < MIN_PAIRS_FOR_WILCOXON) return { tTest };
  return { tTest, wilcoxon: wilcoxonSignedRank(method, baseline) };
}

export interface VerdictFormat {
  /** Multiplies differences for display: 100 turns accuracy fractions into percentage points. */
  readonly scale: number;
  /** Unit after the numbers, e.g. "pts"; empty for none. */
  readonly unit: string;
  readonly digits: number;
}

export const ACCURACY_POINTS: VerdictFormat = { scale: 100, unit: 'pts', digits: 2 };
export const PLAIN_NUMBER: VerdictFormat = { scale: 1, unit: '', digits: 3 };

/** p to two significant digits; tiny ones as "< 0.001". */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return 'n/a';
  if (p < 0.001) return '< 0.001';
  return `= ${Number(p.toPrecision(2))}`;
}

function signed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? '−' : '+'}${text}`;
}

/** `label` names the difference, e.g. "BiSAM − SAM". */
export function formatVerdict(label: string, comparison: PairedComparison, format: VerdictFormat): string {
  const { tTest, wilcoxon } = comparison;
  const unit = format.unit ? ` ${format.unit}` : '';
  const difference = signed(tTest.meanDifference * format.scale, format.digits);
  if (tTest.n < 2)
    return `${label}: ${difference}${unit} from ${tTest.n} seed${tTest.n === 1 ? '' : 's'}, too few to test (use 2 or more)`;
  if (tTest.std === 0 && tTest.meanDifference === 0)
    return `${label}: no difference on any of the ${tTest.n} seeds`;
  const ci = (tTest.ciHalfWidth * format.scale).toFixed(format.digits);
  const rank = wilcoxon ? ` (Wilcoxon p ${formatP(wilcoxon.p)})` : '';
  const excluded =
    tTest.excluded > 0 ? `, ${tTest.excluded} diverged seed${tTest.excluded === 1 ? '' : 's'} left out` : '';
  const significant = tTest.p < SIGNIFICANCE_LEVEL ? 'significant at 5%' : 'not significant at 5%';
  return `${label}: ${difference} ± ${ci}${unit} (95% CI, n = ${tTest.n}), p ${formatP(tTest.p)}${rank}, ${significant}${excluded}`;
}
