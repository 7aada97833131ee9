import { describe, expect, it } from 'vitest';
import { pairedDifferences, pairedTTest } from './pairedTTest';

describe('pairedTTest', () => {
  it('matches scipy.stats.ttest_rel on five seeds, with its confidence interval', () => {
    // r = scipy.stats.ttest_rel(x, y); r.statistic, r.pvalue, r.confidence_interval(0.95)  (scipy 1.17.1)
    const x = [0.8123, 0.819, 0.8075, 0.8231, 0.8154];
    const y = [0.8101, 0.8142, 0.8099, 0.818, 0.812];
    const test = pairedTTest(x, y);
    expect(test.n).toBe(5);
    expect(test.df).toBe(4);
    expect(test.t).toBeCloseTo(1.9291843694633, 10);
    expect(test.p).toBeCloseTo(0.12593347965341753, 10);
    expect(test.meanDifference - test.ciHalfWidth).toBeCloseTo(-0.0011506536973663788, 10);
    expect(test.meanDifference + test.ciHalfWidth).toBeCloseTo(0.006390653697366379, 10);
  });

  it('matches scipy with two seeds (one degree of freedom)', () => {
    // scipy.stats.ttest_rel([0.5, 0.7], [0.4, 0.45])
    const test = pairedTTest([0.5, 0.7], [0.4, 0.45]);
    expect(test.t).toBeCloseTo(2.3333333333333335, 12);
    expect(test.p).toBeCloseTo(0.2577621168183132, 10);
  });

  it('matches scipy on differences of eight seeds', () => {
    // scipy.stats.ttest_rel([3, -1, 4, -1.5, 5, 9, 2.5, 6], [0] * 8)
    const test = pairedTTest([3, -1, 4, -1.5, 5, 9, 2.5, 6], new Array(8).fill(0));
    expect(test.t).toBeCloseTo(2.7333952307624494, 10);
    expect(test.p).toBeCloseTo(0.029195201799705233, 10);
  });

  it('gives p = 0 when every seed moved by the same non-zero amount, as scipy does', () => {
    // scipy.stats.ttest_rel([1, 2, 3], [0, 1, 2]): statistic inf, pvalue 0.0
    const test = pairedTTest([1, 2, 3], [0, 1, 2]);
    expect(test.t).toBe(Number.POSITIVE_INFINITY);
    expect(test.p).toBe(0);
  });

  it('has no p-value when every difference is zero, as scipy says nan', () => {
    expect(pairedTTest([1, 2], [1, 2]).p).toBeNaN();
  });

  it('drops the pair of a diverged replica and keeps the others paired', () => {
    const { differences, excluded } = pairedDifferences([0.9, Number.NaN, 0.7], [0.8, 0.8, 0.8]);
    expect(excluded).toBe(1);
    expect(differences[0]).toBeCloseTo(0.1, 12);
    expect(differences[1]).toBeCloseTo(-0.1, 12);
  });

  it('refuses values of different seed counts', () => {
    expect(() => pairedTTest([1, 2, 3], [1, 2])).toThrow(/same seeds: got 3 and 2/);
  });
});
