import { describe, expect, it } from 'vitest';
import { ACCURACY_POINTS, comparePaired, formatP, formatVerdict, PLAIN_NUMBER } from './compare';

describe('comparePaired', () => {
  it('adds the signed-rank test from six seeds on', () => {
    expect(comparePaired([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]).wilcoxon).toBeUndefined();
    expect(comparePaired([1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0]).wilcoxon?.n).toBe(6);
  });
});

describe('formatVerdict', () => {
  it('says a five-seed accuracy gain in points with its interval, p and verdict', () => {
    // Same x, y as the scipy ttest_rel test: mean d = 0.00262, CI half-width 0.0037707, p = 0.1259.
    const comparison = comparePaired(
      [0.8123, 0.819, 0.8075, 0.8231, 0.8154],
      [0.8101, 0.8142, 0.8099, 0.818, 0.812],
    );
    expect(formatVerdict('BiSAM − SAM', comparison, ACCURACY_POINTS)).toBe(
      'BiSAM − SAM: +0.26 ± 0.38 pts (95% CI, n = 5), p = 0.13, not significant at 5%',
    );
  });

  it('calls a consistent difference significant and adds the Wilcoxon p for eight seeds', () => {
    // scipy: ttest_rel p = 0.029195…, wilcoxon p = 0.0390625 (see the tests beside).
    const comparison = comparePaired([3, -1, 4, -1.5, 5, 9, 2.5, 6], new Array(8).fill(0));
    expect(formatVerdict('SAM − SGD', comparison, PLAIN_NUMBER)).toBe(
      'SAM − SGD: +3.375 ± 2.920 (95% CI, n = 8), p = 0.029 (Wilcoxon p = 0.039), significant at 5%',
    );
  });

  it('writes a negative difference with a minus sign and names the left-out seeds', () => {
    const comparison = comparePaired([0.5, 0.4, Number.NaN], [0.6, 0.45, 0.5]);
    expect(formatVerdict('A − B', comparison, ACCURACY_POINTS)).toMatch(
      /^A − B: −7\.50 ± .* pts \(95% CI, n = 2\), p = .*, 1 diverged seed left out$/,
    );
  });

  it('says when there are too few seeds to test', () => {
    expect(formatVerdict('A − B', comparePaired([0.5], [0.4]), ACCURACY_POINTS)).toBe(
      'A − B: +10.00 pts from 1 seed, too few to test (use 2 or more)',
    );
  });

  it('says when no seed shows any difference', () => {
    expect(formatVerdict('A − B', comparePaired([0.5, 0.6], [0.5, 0.6]), ACCURACY_POINTS)).toBe(
      'A − B: no difference on any of the 2 seeds',
    );
  });
});

describe('formatP', () => {
  it('keeps two significant digits and floors tiny values', () => {
    expect(formatP(0.2146)).toBe('= 0.21');
    expect(formatP(0.0004)).toBe('< 0.001');
    expect(formatP(Number.NaN)).toBe('n/a');
  });
});
