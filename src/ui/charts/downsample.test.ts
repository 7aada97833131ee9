import { describe, expect, it } from 'vitest';
import { downsampleMinMax, smoothEma } from './downsample';

describe('downsampleMinMax', () => {
  it('keeps the global minimum, maximum and last point of a long series', () => {
    const points = Array.from({ length: 50_000 }, (_, x) => ({ x, y: Math.sin(x / 300) }));
    points[12_345] = { x: 12_345, y: 9 };
    points[40_001] = { x: 40_001, y: -9 };
    const kept = downsampleMinMax(points, 600);
    expect(kept.length).toBeLessThanOrEqual(601);
    expect(kept).toContainEqual({ x: 12_345, y: 9 });
    expect(kept).toContainEqual({ x: 40_001, y: -9 });
    expect(kept[kept.length - 1]).toEqual(points[points.length - 1]);
    expect(kept.every((p, i) => i === 0 || p.x > (kept[i - 1]?.x ?? -1))).toBe(true);
  });

  it('returns short series unchanged', () => {
    const points = [
      { x: 0, y: 1 },
      { x: 1, y: 2 },
    ];
    expect(downsampleMinMax(points, 600)).toEqual(points);
  });
});

describe('smoothEma', () => {
  it('is debiased: a constant series stays constant', () => {
    expect(smoothEma([2, 2, 2], 0.9)).toEqual([2, 2, 2].map(() => expect.closeTo(2, 10)));
  });

  it('weights recent values by 1-w', () => {
    // [0, 1] with w=.5: a1 = 0, d1 = .5; a2 = .5, d2 = .75 → .5/.75
    expect(smoothEma([0, 1], 0.5)[1]).toBeCloseTo(2 / 3, 10);
  });
});
