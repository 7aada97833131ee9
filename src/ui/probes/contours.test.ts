import { describe, expect, it } from 'vitest';
import { contourLevels, contourSegments } from './contours';

const grid = (n: number, f: (x: number, y: number) => number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => f(i, j)));

describe('contour lines by marching squares', () => {
  it('draw a plane f = x as one straight line at x = level', () => {
    const segments = contourSegments(
      grid(5, (x) => x),
      2.5,
    );
    expect(segments).toHaveLength(4);
    for (const s of segments) expect([s.x1, s.x2]).toEqual([2.5, 2.5]);
  });

  it('draw a circle around the centre of a bowl, every endpoint on the level (up to the grid)', () => {
    // f = (x−5)² + (y−5)² on an 11×11 grid; level 9 is the circle of radius 3.
    const segments = contourSegments(
      grid(11, (x, y) => (x - 5) ** 2 + (y - 5) ** 2),
      9,
    );
    expect(segments.length).toBeGreaterThan(8);
    for (const s of segments)
      for (const [x, y] of [
        [s.x1, s.y1],
        [s.x2, s.y2],
      ] as const)
        expect(Math.hypot(x - 5, y - 5)).toBeCloseTo(3, 0);
  });

  it('draw nothing where the level is outside the values', () => {
    expect(
      contourSegments(
        grid(4, (x, y) => x + y),
        100,
      ),
    ).toEqual([]);
  });

  it('split a saddle cell into two segments', () => {
    expect(
      contourSegments(
        [
          [1, 0],
          [0, 1],
        ],
        0.5,
      ),
    ).toHaveLength(2);
  });

  it('space levels strictly inside the range', () => {
    expect(contourLevels(0, 10, 4)).toEqual([2, 4, 6, 8]);
  });
});
