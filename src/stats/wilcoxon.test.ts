import { describe, expect, it } from 'vitest';
import { doubledMidRanks, wilcoxonSignedRank } from './wilcoxon';

const againstZero = (d: number[]) => wilcoxonSignedRank(d, new Array(d.length).fill(0));

describe('wilcoxonSignedRank', () => {
  it.each([
    // d, scipy.stats.wilcoxon(d).statistic, .pvalue (scipy 1.17.1, defaults)
    { d: [1.5, -2.5, 3.5, 4.5, -0.5, 6.5, 7.5], statistic: 4, p: 0.109375 },
    { d: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], statistic: 0, p: 0.001953125 },
    { d: [0.25, -0.5, 0.75, 1.0, 1.25, -1.5], statistic: 8, p: 0.6875 },
  ])('matches scipy without ties: d = $d', ({ d, statistic, p }) => {
    const test = againstZero(d);
    expect(test.statistic).toBe(statistic);
    expect(test.p).toBeCloseTo(p, 14);
  });

  it.each([
    // scipy.stats.wilcoxon(d): zeros dropped, mid-ranks, exhaustive permutation p (scipy 1.17.1)
    { d: [2, -1, 2, 3, 0, 1, 4, -2], statistic: 5.5, p: 0.203125 },
    { d: [3, -1, 4, -1.5, 5, 9, 2.5, 6], statistic: 3, p: 0.0390625 },
    { d: [0.5, 0.5, -0.5, 0.25, 0.75, 1.0, -0.25, 0.5, 1.5, 2.0], statistic: 6, p: 0.03125 },
  ])('matches scipy with ties and zeros: d = $d', ({ d, statistic, p }) => {
    const test = againstZero(d);
    expect(test.statistic).toBe(statistic);
    expect(test.p).toBeCloseTo(p, 14);
  });

  it('drops zero differences from the count', () => {
    expect(againstZero([2, -1, 2, 3, 0, 1, 4, -2])).toMatchObject({ n: 7, excluded: 1 });
  });

  it('gives p = 1 when every difference is zero, as scipy does', () => {
    expect(againstZero([0, 0, 0]).p).toBe(1);
  });

  it('ties differences of accuracies that float arithmetic leaves a hair apart', () => {
    // 0.815 − 0.812 and 0.812 − 0.809 are both 3/1000 but differ in the last bits of a double.
    expect(0.815 - 0.812).not.toBe(0.812 - 0.809);
    expect(doubledMidRanks([0.815 - 0.812, 0.812 - 0.809, 0.001])).toEqual([5, 5, 2]);
  });
});
