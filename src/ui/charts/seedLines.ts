/**
 * What a run over several seeds adds to a chart: the band around its mean (±1 std, or min–max) on the
 * mean line's own points, smoothed like the mean, and on demand each replica as a faint line. A
 * diverged replica is always drawn (faint, dashed): it is left out of the mean and band, not hidden.
 */
import type { RunView } from '../runViews';
import type { SeedSpread } from '../store';
import { columnView } from './columnCache';
import type { Point } from './downsample';

/** One x of a band: where it spans, and the std the crosshair reads. */
export interface BandPoint {
  readonly x: number;
  readonly low: number;
  readonly high: number;
  readonly std: number;
}

export type BandMode = 'std' | 'minmax';

/** `values` smoothed like the mean line (or as they are without smoothing). */
const smoothedLike = (values: readonly number[], weight: number): readonly number[] =>
  weight > 0 ? (columnView(values, weight).smoothed ?? values) : values;

/**
 * The band at the mean line's indices: `mean` is what the line draws (smoothed or not), `x` maps an
 * index to the chart's x.
 */
export function bandAt(
  indices: readonly number[],
  mean: readonly number[],
  spread: SeedSpread,
  mode: BandMode,
  weight: number,
  x: (index: number) => number,
): BandPoint[] {
  const std = smoothedLike(spread.std, weight);
  const [lowSide, highSide] =
    mode === 'minmax' ? [smoothedLike(spread.min, weight), smoothedLike(spread.max, weight)] : [];
  const band: BandPoint[] = [];
  for (const i of indices) {
    const centre = mean[i] as number;
    const s = std[i] as number;
    const low = lowSide ? (lowSide[i] as number) : centre - s;
    const high = highSide ? (highSide[i] as number) : centre + s;
    if (Number.isFinite(low) && Number.isFinite(high)) band.push({ x: x(i), low, high, std: s });
  }
  return band;
}

export interface ReplicaLine {
  readonly replica: number;
  readonly diverged: boolean;
  readonly points: Point[];
}

/** Each replica's curve of a step metric (smoothed like the mean); only the diverged ones unless `all`. */
export function replicaLines(
  run: RunView,
  metric: string,
  weight: number,
  all: boolean,
  toPoint: (index: number, value: number) => Point,
): ReplicaLine[] {
  const replicas = run.series?.replicas ?? [];
  return replicas.flatMap((replica, k) => {
    const diverged = replica.status === 'diverged';
    const column = replica.values[metric as keyof typeof replica.values];
    if ((!all && !diverged) || !column) return [];
    const view = columnView(column, weight);
    const values = view.smoothed ?? view.raw;
    const indices = view.smoothedIndices ?? view.rawIndices;
    return [{ replica: k, diverged, points: indices.map((i) => toPoint(i, values[i] as number)) }];
  });
}
