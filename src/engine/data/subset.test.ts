import { describe, expect, it } from 'vitest';
import { balancedSubset, withTrainingSubset } from './subset';
import { syntheticDataset } from './synthetic';

/** 1,000 labels where class 0 is 70% of the data and classes 1–3 share the rest. */
const skewed = Uint8Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : 1 + (i % 3)));
const classCounts = (labels: Uint8Array, indices: Uint32Array) =>
  [0, 1, 2, 3].map((k) => [...indices].filter((i) => labels[i] === k).length);

describe('balancedSubset', () => {
  it('takes the same number of each class from skewed data', () => {
    expect(classCounts(skewed, balancedSubset(skewed, 4, 200, 1))).toEqual([50, 50, 50, 50]);
  });

  it('spreads a remainder over classes so counts differ by at most one', () => {
    const counts = classCounts(skewed, balancedSubset(skewed, 4, 202, 1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(202);
    expect(Math.max(...counts) - Math.min(...counts)).toBe(1);
  });

  it('fills from the other classes when one runs out', () => {
    // Classes 1–3 have 100 examples each; 500 examples need 200 of class 0.
    expect(classCounts(skewed, balancedSubset(skewed, 4, 500, 1))).toEqual([200, 100, 100, 100]);
  });

  it('is the same for the same seed, different for another, and without repeats', () => {
    const a = balancedSubset(skewed, 4, 100, 7);
    expect(balancedSubset(skewed, 4, 100, 7)).toEqual(a);
    expect(balancedSubset(skewed, 4, 100, 8)).not.toEqual(a);
    expect(new Set(a).size).toBe(100);
  });

  it('refuses a size beyond the data', () => {
    expect(() => balancedSubset(skewed, 4, 1001, 1)).toThrow(
      'subset size must be a whole number from 1 to 1000, got 1001',
    );
  });
});

describe('withTrainingSubset', () => {
  it('keeps each chosen image with its label and leaves the test split alone', () => {
    const dataset = syntheticDataset({ trainCount: 40, testCount: 8 });
    const subset = withTrainingSubset(dataset, 12, 3);
    const indices = balancedSubset(dataset.train.labels, dataset.numClasses, 12, 3);
    expect(subset.train.count).toBe(12);
    const last = indices[11] as number;
    expect(subset.train.images.subarray(11 * 64, 12 * 64)).toEqual(
      dataset.train.images.subarray(last * 64, (last + 1) * 64),
    );
    expect(subset.train.labels[11]).toBe(dataset.train.labels[last]);
    expect(subset.test).toBe(dataset.test);
  });
});
