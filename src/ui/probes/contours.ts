/**
 * Contour lines of a grid by marching squares: for each cell, where the level crosses its edges
 * (linear interpolation), joined into segments; saddles are split by the cell's mean value.
 * Coordinates are fractional grid indices: x along the first index, y along the second.
 */

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

type Point = readonly [number, number];

/** Where `level` crosses the edge from corner a (value va) to corner b (value vb), if it does. */
function crossing(a: Point, b: Point, va: number, vb: number, level: number): Point | undefined {
  if (va >= level === vb >= level) return undefined;
  const t = (level - va) / (vb - va);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

const segment = (p: Point, q: Point): Segment => ({ x1: p[0], y1: p[1], x2: q[0], y2: q[1] });

export function contourSegments(grid: readonly (readonly number[])[], level: number): Segment[] {
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < grid.length; i++) {
    for (let j = 0; j + 1 < (grid[i]?.length ?? 0); j++) {
      const v00 = grid[i]?.[j] as number;
      const v10 = grid[i + 1]?.[j] as number;
      const v11 = grid[i + 1]?.[j + 1] as number;
      const v01 = grid[i]?.[j + 1] as number;
      // Edges in order around the cell: bottom, right, top, left.
      const edges = [
        crossing([i, j], [i + 1, j], v00, v10, level),
        crossing([i + 1, j], [i + 1, j + 1], v10, v11, level),
        crossing([i + 1, j + 1], [i, j + 1], v11, v01, level),
        crossing([i, j + 1], [i, j], v01, v00, level),
      ];
      const points = edges.filter((p): p is Point => p !== undefined);
      if (points.length === 2) segments.push(segment(points[0] as Point, points[1] as Point));
      if (points.length === 4) {
        const [bottom, right, top, left] = edges as Point[];
        // Centre on corner 00's side: 00 and 11 join through it, so 10 and 01 are cut off alone.
        const centreWith00 = (v00 + v10 + v11 + v01) / 4 >= level === v00 >= level;
        if (centreWith00)
          segments.push(segment(bottom as Point, right as Point), segment(top as Point, left as Point));
        else segments.push(segment(left as Point, bottom as Point), segment(right as Point, top as Point));
      }
    }
  }
  return segments;
}

/** `count` levels evenly spaced strictly inside [low, high]. */
export function contourLevels(low: number, high: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => low + ((high - low) * (k + 1)) / (count + 1));
}
