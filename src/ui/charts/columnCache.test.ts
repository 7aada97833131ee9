import { describe, expect, it } from 'vitest';
import { columnView, MinMaxBuckets, SmoothedColumn } from './columnCache';
import { smoothEma } from './downsample';

describe('MinMaxBuckets', () => {
  const wave = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i / 500));

  it('keeps the extremes and the last point of 50,000 values in at most ~4·target points', () => {
    const values = wave(50_000);
    values[12_345] = 9;
    values[40_001] = -9;
    const buckets = new MinMaxBuckets(100);
    buckets.extend(values);
    const kept = buckets.indices();
    expect(kept.length).toBeLessThanOrEqual(401);
    expect(kept.length).toBeGreaterThan(100);
    expect(kept).toContain(12_345);
    expect(kept).toContain(40_001);
    expect(kept.at(-1)).toBe(49_999);
    expect(kept.every((index, i) => i === 0 || index > (kept[i - 1] as number))).toBe(true);
  });

  it('gives the same points whether the series arrives at once or in messages', () => {
    const values = wave(7_777);
    const whole = new MinMaxBuckets(50);
    whole.extend(values);
    const growing = new MinMaxBuckets(50);
    const column: number[] = [];
    for (let i = 0; i < values.length; i += 313) {
      column.push(...values.slice(i, i + 313));
      growing.extend(column);
    }
    expect(growing.indices()).toEqual(whole.indices());
  });

  it('skips gaps (NaN) and keeps a short series whole', () => {
    const buckets = new MinMaxBuckets(100);
    buckets.extend([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 5]);
    expect(buckets.indices()).toEqual([0, 2, 4]);
  });
});

describe('SmoothedColumn', () => {
  it('matches the debiased EMA of the whole series when fed in parts', () => {
    const values = Array.from({ length: 300 }, (_, i) => Math.cos(i) + i / 100);
    const column = new SmoothedColumn(0.9);
    column.extend(values.slice(0, 120));
    column.extend(values);
    expect(column.values).toEqual(smoothEma(values, 0.9));
  });

  it('leaves gaps as gaps without resetting the average', () => {
    const column = new SmoothedColumn(0.5);
    column.extend([0, Number.NaN, 1]);
    // The gap is skipped: as smoothEma([0, 1], .5) = [0, 2/3].
    expect(column.values[1]).toBeNaN();
    expect(column.values[2]).toBeCloseTo(2 / 3, 10);
  });
});

describe('columnView', () => {
  it('reuses its work for a growing array and forgets old smoothing weights', () => {
    const column = [1, 2, 3];
    expect(columnView(column, 0.5).smoothedIndices).toEqual([0, 1, 2]);
    column.push(4);
    const view = columnView(column, 0.5);
    expect(view.smoothed).toHaveLength(4);
    expect(columnView(column, 0).smoothed).toBeUndefined();
  });
});
