/**
 * Reduces a series to about `maxPoints` for drawing: per bucket it keeps the minimum and the maximum
 * (in x order), so spikes and the extremes survive, and the last point is always kept.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

export function downsampleMinMax(points: readonly Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints) return [...points];
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = points.length / buckets;
  const kept: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    let low = start;
    let high = start;
    for (let i = start; i < end; i++) {
      const y = (points[i] as Point).y;
      if (y < (points[low] as Point).y) low = i;
      if (y > (points[high] as Point).y) high = i;
    }
    for (const i of low <= high ? [low, high] : [high, low]) {
      if (kept[kept.length - 1] !== points[i]) kept.push(points[i] as Point);
    }
  }
  const last = points[points.length - 1] as Point;
  if (kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

/** Debiased exponential moving average (as TensorBoard's smoothing slider): early points are not pulled to 0. */
export function smoothEma(values: readonly number[], weight: number): number[] {
  let average = 0;
  let debias = 0;
  return values.map((value) => {
    average = weight * average + (1 - weight) * value;
    debias = weight * debias + (1 - weight);
    return average / debias;
  });
}
