import { describe, expect, it } from 'vitest';
import { gaussianNoise, pgdStartDirections } from './attackNoise';

describe('attack noise', () => {
  it('gives example i the same draws whatever range it is drawn in', () => {
    const whole = pgdStartDirections(9, 0, 10, 5);
    const part = pgdStartDirections(9, 4, 7, 5);
    expect(part).toEqual(whole.subarray(4 * 5, 7 * 5));
    expect(gaussianNoise(9, 3, 4, 5)).toEqual(gaussianNoise(9, 0, 6, 5).subarray(15, 20));
  });

  it('repeats for a seed and changes with it', () => {
    expect(gaussianNoise(1, 0, 4, 7)).toEqual(gaussianNoise(1, 0, 4, 7));
    expect(gaussianNoise(2, 0, 4, 7)).not.toEqual(gaussianNoise(1, 0, 4, 7));
    expect(pgdStartDirections(2, 0, 4, 7)).not.toEqual(pgdStartDirections(1, 0, 4, 7));
  });

  it('draws PGD directions uniformly in [−1, 1] and noise with mean 0 and std 1', () => {
    const uniform = pgdStartDirections(3, 0, 200, 500);
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...uniform)).toBeLessThan(1);
    // U(−1, 1) has variance 1/3; N(0, 1) variance 1. 100,000 draws: standard errors ≈ 0.003.
    const moments = (values: Float32Array) => {
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      return { mean, variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length };
    };
    expect(moments(uniform).mean).toBeCloseTo(0, 1);
    expect(moments(uniform).variance).toBeCloseTo(1 / 3, 1);
    const normal = moments(gaussianNoise(3, 0, 200, 500));
    expect(normal.mean).toBeCloseTo(0, 1);
    expect(normal.variance).toBeCloseTo(1, 1);
  });
});
