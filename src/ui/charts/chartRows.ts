/**
 * Recharts' tooltip and the synced crosshair read one data array per chart, so the lines of a chart
 * are merged into rows `{ x, [line]: y }`. Short series merge exactly (lockstep runs share their
 * steps). Long ones go onto a common grid of `bins` columns: per bin each line keeps its min and its
 * max, in x order, at ¼ and ¾ of the bin, so spikes survive and every row has every line; a bin is
 * about two pixels wide, so nothing moves visibly.
 */
import type { Point } from './downsample';

export interface LineInput {
  readonly dataKey: string;
  /** Sorted by x. */
  readonly points: readonly Point[];
}

export type Row = { x: number; [dataKey: string]: number };

function exactRows(lines: readonly LineInput[]): Row[] {
  const byX = new Map<number, Row>();
  for (const { dataKey, points } of lines)
    for (const { x, y } of points) {
      let row = byX.get(x);
      if (!row) {
        row = { x };
        byX.set(x, row);
      }
      row[dataKey] = y;
    }
  return [...byX.values()].sort((a, b) => a.x - b.x);
}

export function mergeRows(lines: readonly LineInput[], bins: number): Row[] {
  if (lines.every((line) => line.points.length <= bins)) return exactRows(lines);
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const { points } of lines) {
    if (points.length === 0) continue;
    low = Math.min(low, (points[0] as Point).x);
    high = Math.max(high, (points[points.length - 1] as Point).x);
  }
  const width = high > low ? (high - low) / bins : 1;
  const rows: Row[] = Array.from({ length: 2 * bins }, (_, i) => ({
    x: low + (Math.floor(i / 2) + (i % 2 === 0 ? 0.25 : 0.75)) * width,
  }));
  for (const { dataKey, points } of lines) {
    let bin = -1;
    let min: Point | undefined;
    let max: Point | undefined;
    const flush = () => {
      if (bin < 0 || !min || !max) return;
      const [first, second] = min.x <= max.x ? [min, max] : [max, min];
      (rows[2 * bin] as Row)[dataKey] = first.y;
      if (second !== first) (rows[2 * bin + 1] as Row)[dataKey] = second.y;
    };
    for (const point of points) {
      const b = Math.min(bins - 1, Math.floor((point.x - low) / width));
      if (b !== bin) {
        flush();
        bin = b;
        min = point;
        max = point;
      } else {
        if (point.y < (min as Point).y) min = point;
        if (point.y > (max as Point).y) max = point;
      }
    }
    flush();
  }
  return rows.filter((row) => Object.keys(row).length > 1);
}
