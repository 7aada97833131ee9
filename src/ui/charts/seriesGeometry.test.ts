import { describe, expect, it } from 'vitest';
import { linePath, nearestIndex, neighbourX, pointsAt } from './seriesGeometry';

const points = [
  { x: 0, y: 1 },
  { x: 10, y: 0.5 },
  { x: 20, y: 0.25 },
];

describe('series geometry', () => {
  it('draws a path through the scaled points, skipping those a scale cannot place', () => {
    const double = (v: number) => v * 2;
    expect(linePath(points, double, (v) => 100 - 100 * v)).toBe('M0,0L20,50L40,75');
    const logLike = (v: number) => (v > 0.3 ? v : undefined);
    expect(linePath(points, double, logLike)).toBe('M0,1L20,0.5');
    expect(linePath([], double, double)).toBe('');
  });

  it('rounds to tenths of a pixel', () => {
    expect(
      linePath(
        [{ x: 1 / 3, y: 2 / 3 }],
        (v) => v,
        (v) => v,
      ),
    ).toBe('M0.3,0.7');
  });

  it('finds the nearest point by x', () => {
    expect(nearestIndex(points, -5)).toBe(0);
    expect(nearestIndex(points, 6)).toBe(1);
    expect(nearestIndex(points, 14)).toBe(1);
    expect(nearestIndex(points, 16)).toBe(2);
    expect(nearestIndex(points, 99)).toBe(2);
    expect(nearestIndex([], 1)).toBe(-1);
  });

  it('steps the crosshair along a line and stops at its ends', () => {
    expect(neighbourX(points, undefined, 1)).toBe(0);
    expect(neighbourX(points, undefined, -1)).toBe(20);
    expect(neighbourX(points, 10, 1)).toBe(20);
    expect(neighbourX(points, 20, 1)).toBe(20);
    expect(neighbourX(points, 0, -1)).toBe(0);
  });

  it('reads each line near the crosshair, leaving out faint raw curves and far points', () => {
    const lines = [
      { name: 'raw', points, faint: true },
      { name: 'dense', points },
      { name: 'sparse', points: [{ x: 100, y: 3 }] },
    ];
    expect(pointsAt(lines, 11, 2).map(({ line, point }) => [line.name, point.y])).toEqual([['dense', 0.5]]);
    expect(pointsAt(lines, 99, 2).map(({ line }) => line.name)).toEqual(['sparse']);
  });
});
