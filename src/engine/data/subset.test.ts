import { describe, expect, it } from 'vitest';
import { gatherBatch } from './batcher';
import { exampleValues } from './dataset';
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
    expect(exampleValues(subset.train, 11, 64)).toEqual(
      dataset.train.images.subarray(last * 64, (last + 1) * 64),
    );
    expect(subset.train.labels[11]).toBe(dataset.train.labels[last]);
    expect(subset.test).toBe(dataset.test);
  });

  it("shares its dataset's pixels instead of copying them: one store for every seed's subset", () => {
    const dataset = syntheticDataset({ trainCount: 40, testCount: 8 });
    const subsets = [1, 2, 3].map((seed) => withTrainingSubset(dataset, 30, seed));
    for (const subset of subsets) expect(subset.train.images).toBe(dataset.train.images);
    expect(subsets[0]?.train.rows).not.toEqual(subsets[1]?.train.rows);
  });

  it('gives batches the pixels and labels of the chosen examples', () => {
    const dataset = syntheticDataset({ trainCount: 40, testCount: 8 });
    const subset = withTrainingSubset(dataset, 12, 3);
    const indices = balancedSubset(dataset.train.labels, dataset.numClasses, 12, 3);
    const all = Array.from({ length: 12 }, (_, i) => i);
    expect(gatherBatch(subset, subset.train, all)).toEqual(gatherBatch(dataset, dataset.train, indices));
  });

  it('of a subset picks the right examples of the original store', () => {
    const dataset = syntheticDataset({ trainCount: 40, testCount: 8 });
    const outer = withTrainingSubset(dataset, 20, 4);
    const inner = withTrainingSubset(outer, 8, 5);
    const chosen = balancedSubset(outer.train.labels, dataset.numClasses, 8, 5);
    chosen.forEach((example, i) => {
      expect(exampleValues(inner.train, i, 64)).toEqual(exampleValues(outer.train, example, 64));
      expect(inner.train.labels[i]).toBe(outer.train.labels[example]);
    });
  });
});
