import { describe, expect, it } from 'vitest';
import { confidenceHalfWidth, sampleStd, summarizeSeeds } from './describe';
import { tQuantile } from './tDistribution';

describe('summarizeSeeds', () => {
  it('matches numpy and scipy for the mean, the n−1 std and the 95% CI', () => {
    // numpy.mean(v), numpy.std(v, ddof=1), scipy.stats.t.ppf(0.975, 4) * std / sqrt(5), scipy 1.17.1
    const summary = summarizeSeeds([0.812, 0.815, 0.809, 0.818, 0.811]);
    expect(summary.n).toBe(5);
    expect(summary.mean).toBeCloseTo(0.8130000000000001, 14);
    expect(summary.std).toBeCloseTo(0.003535533905932686, 14);
    expect(summary.ciHalfWidth).toBeCloseTo(0.00438994516542535, 12);
    expect(summary.min).toBe(0.809);
    expect(summary.max).toBe(0.818);
  });

  it('leaves a diverged replica out and counts it', () => {
    const summary = summarizeSeeds([0.5, Number.NaN, 0.7, Number.POSITIVE_INFINITY]);
    expect(summary).toMatchObject({ n: 2, excluded: 2, mean: 0.6 });
  });

  it('has no spread or interval for a single seed', () => {
    const summary = summarizeSeeds([0.8]);
    expect(summary.mean).toBe(0.8);
    expect(summary.std).toBeNaN();
    expect(summary.ciHalfWidth).toBeNaN();
  });
});

describe('Student t quantile', () => {
  it.each([
    // scipy.stats.t.ppf(0.975, df)
    [1, 12.706204736174694],
    [2, 4.302652729749462],
    [4, 2.7764451051977934],
    [9, 2.262157162798205],
  ])('gives the 97.5%% quantile for %i degrees of freedom as scipy does', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 10);
  });
});

describe('sampleStd and confidenceHalfWidth', () => {
  it('uses the n − 1 denominator', () => {
    // values 1, 3: mean 2, squares 1 + 1 = 2, divided by n − 1 = 1: std √2.
    expect(sampleStd([1, 3])).toBeCloseTo(Math.SQRT2, 15);
  });

  it('widens the interval with the t quantile, not 1.96', () => {
    // std 1, n 2: t_{0.975,1} · 1/√2 = 12.7062… / 1.4142… = 8.9846…
    expect(confidenceHalfWidth(1, 2)).toBeCloseTo(12.706204736174694 / Math.SQRT2, 10);
  });
});
