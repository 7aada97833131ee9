/**
 * Incremental downsampling for growing series, so a chart's cost per message is O(new points) plus
 * O(its width), never O(series length): a column's points fall into buckets of a power-of-two number
 * of indices that keep their min and max; when there are too many buckets, pairs merge and the size
 * doubles. Smoothing (debiased EMA) is incremental too. Entries are keyed by the series array itself,
 * so a new session (new arrays) starts fresh and old entries are garbage-collected.
 */

interface Bucket {
  minIndex: number;
  maxIndex: number;
  min: number;
  max: number;
}

export class MinMaxBuckets {
  private size = 1;
  private buckets: (Bucket | undefined)[] = [];
  private lastFinite = -1;
  consumed = 0;

  /** `target` buckets at least, twice that at most, before merging. */
  constructor(private readonly target: number) {}

  /** Takes in `values[consumed…]`; NaN and ±Infinity are gaps. */
  extend(values: readonly number[]): void {
    for (let i = this.consumed; i < values.length; i++) this.add(i, values[i] as number);
    this.consumed = values.length;
  }

  private add(index: number, value: number): void {
    if (!Number.isFinite(value)) return;
    this.lastFinite = index;
    const b = Math.floor(index / this.size);
    const bucket = this.buckets[b];
    if (!bucket) this.buckets[b] = { minIndex: index, maxIndex: index, min: value, max: value };
    else {
      if (value < bucket.min) Object.assign(bucket, { min: value, minIndex: index });
      if (value > bucket.max) Object.assign(bucket, { max: value, maxIndex: index });
    }
    if (this.buckets.length > 2 * this.target) this.merge();
  }

  private merge(): void {
    const merged: (Bucket | undefined)[] = [];
    for (let b = 0; b < this.buckets.length; b += 2) {
      const [left, right] = [this.buckets[b], this.buckets[b + 1]];
      if (!left || !right) merged.push(left ?? right);
      else
        merged.push({
          ...(left.min <= right.min
            ? { min: left.min, minIndex: left.minIndex }
            : { min: right.min, minIndex: right.minIndex }),
          ...(left.max >= right.max
            ? { max: left.max, maxIndex: left.maxIndex }
            : { max: right.max, maxIndex: right.maxIndex }),
        });
    }
    this.buckets = merged;
    this.size *= 2;
  }

  /** The kept indices in increasing order: each bucket's min and max, and the last finite point. */
  indices(): number[] {
    const kept: number[] = [];
    for (const bucket of this.buckets) {
      if (!bucket) continue;
      const [first, second] =
        bucket.minIndex <= bucket.maxIndex
          ? [bucket.minIndex, bucket.maxIndex]
          : [bucket.maxIndex, bucket.minIndex];
      kept.push(first);
      if (second !== first) kept.push(second);
    }
    if (this.lastFinite >= 0 && kept[kept.length - 1] !== this.lastFinite) kept.push(this.lastFinite);
    return kept;
  }
}

/** Debiased EMA (TensorBoard's smoothing) over the finite values; gaps stay NaN and do not reset it. */
export class SmoothedColumn {
  readonly values: number[] = [];
  private average = 0;
  private debias = 0;

  constructor(private readonly weight: number) {}

  extend(source: readonly number[]): void {
    for (let i = this.values.length; i < source.length; i++) {
      const value = source[i] as number;
      if (!Number.isFinite(value)) {
        this.values.push(Number.NaN);
        continue;
      }
      this.average = this.weight * this.average + (1 - this.weight) * value;
      this.debias = this.weight * this.debias + (1 - this.weight);
      this.values.push(this.average / this.debias);
    }
  }
}

/** What a chart draws of one column: candidate indices of the raw and (if smoothing) the smoothed values. */
export interface ColumnView {
  readonly raw: readonly number[];
  readonly rawIndices: number[];
  readonly smoothed?: readonly number[];
  readonly smoothedIndices?: number[];
}

interface Entry {
  raw: MinMaxBuckets;
  smoothed?: { column: SmoothedColumn; buckets: MinMaxBuckets };
}

const cache = new WeakMap<readonly number[], Map<number, Entry>>();

/** ~`target`–2·`target` buckets per line: about one point per pixel of a ~400 px chart. */
export const BUCKET_TARGET = 100;

/** The downsampled view of `column` with smoothing `weight` (0 = none), updated by the new points only. */
export function columnView(column: readonly number[], weight: number): ColumnView {
  let byWeight = cache.get(column);
  if (!byWeight) {
    byWeight = new Map();
    cache.set(column, byWeight);
  }
  let entry = byWeight.get(weight);
  if (!entry) {
    entry = { raw: new MinMaxBuckets(BUCKET_TARGET) };
    if (weight > 0)
      entry.smoothed = { column: new SmoothedColumn(weight), buckets: new MinMaxBuckets(BUCKET_TARGET) };
    byWeight.set(weight, entry);
    // Sliding the smoothing would otherwise keep one smoothed copy per position visited.
    for (const old of [...byWeight.keys()].slice(0, -2)) byWeight.delete(old);
  }
  entry.raw.extend(column);
  if (!entry.smoothed) return { raw: column, rawIndices: entry.raw.indices() };
  entry.smoothed.column.extend(column);
  entry.smoothed.buckets.extend(entry.smoothed.column.values);
  return {
    raw: column,
    rawIndices: entry.raw.indices(),
    smoothed: entry.smoothed.column.values,
    smoothedIndices: entry.smoothed.buckets.indices(),
  };
}
