/**
 * The pixel side of a chart's lines, kept out of Recharts so a streaming redraw costs one path string
 * per line (O(points), no per-point objects or React nodes) instead of a whole chart's re-render.
 */
import type { Point } from './downsample';

/** Maps a data value to a pixel coordinate (Recharts' axis scales), or undefined outside a log domain. */
export type Scale = (value: number) => number | undefined;

/** Tenths of a pixel: invisible rounding that keeps path strings short. */
const px = (value: number) => Math.round(value * 10) / 10;

/** An SVG path through the points in order; a point the scales cannot place is skipped (the line joins over it). */
export function linePath(points: readonly Point[], x: Scale, y: Scale): string {
  const parts: string[] = [];
  for (const point of points) {
    const left = x(point.x);
    const top = y(point.y);
    if (left === undefined || top === undefined || !Number.isFinite(left) || !Number.isFinite(top)) continue;
    parts.push(`${parts.length === 0 ? 'M' : 'L'}${px(left)},${px(top)}`);
  }
  return parts.join('');
}

/** The index of the point whose x is nearest to `x` (points sorted by x), or -1 when there are none. */
export function nearestIndex(points: readonly Point[], x: number): number {
  if (points.length === 0) return -1;
  let low = 0;
  let high = points.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((points[middle] as Point).x <= x) low = middle;
    else high = middle;
  }
  const before = Math.abs((points[low] as Point).x - x);
  const after = Math.abs((points[high] as Point).x - x);
  return after < before ? high : low;
}

/** The x one point before or after `x` on the line (keyboard stepping of the crosshair), clamped to its ends. */
export function neighbourX(
  points: readonly Point[],
  x: number | undefined,
  direction: -1 | 1,
): number | undefined {
  if (points.length === 0) return undefined;
  if (x === undefined) return (points[direction === 1 ? 0 : points.length - 1] as Point).x;
  const index = Math.min(points.length - 1, Math.max(0, nearestIndex(points, x) + direction));
  return (points[index] as Point).x;
}

/** The part of a line the hover reads. */
export interface HoverLine {
  readonly points: readonly Point[];
  readonly faint?: boolean;
}

/**
 * Per line (raw curves behind smoothed ones excepted) its point nearest to `x`, if within `tolerance`
 * in x: sparse lines (evaluations) answer only near their own points, as a merged tooltip row would.
 */
export function pointsAt<L extends HoverLine>(
  lines: readonly L[],
  x: number,
  tolerance: number,
): { line: L; point: Point }[] {
  const found: { line: L; point: Point }[] = [];
  for (const line of lines) {
    if (line.faint) continue;
    const point = line.points[nearestIndex(line.points, x)];
    if (point && Math.abs(point.x - x) <= tolerance) found.push({ line, point });
  }
  return found;
}

/** A closed area between the band's highs (left to right) and lows (back): the spread over seeds. */
export function bandPath(
  band: readonly { x: number; low: number; high: number }[],
  x: Scale,
  y: Scale,
): string {
  const highs = linePath(
    band.map((b) => ({ x: b.x, y: b.high })),
    x,
    y,
  );
  const lows = linePath(
    [...band].reverse().map((b) => ({ x: b.x, y: b.low })),
    x,
    y,
  );
  return highs && lows ? `${highs}L${lows.slice(1)}Z` : '';
}

/** The band point at exactly `x` (band points sit on the line's own points), if any. */
export function bandPointAt<B extends { x: number }>(
  band: readonly B[] | undefined,
  x: number,
): B | undefined {
  return band?.find((b) => b.x === x);
}
