/**
 * Normalisation statistics of data the app has not seen before (dropped files, toy sets), computed
 * from the training split so the test split is normalised the same way.
 */

export interface ValueStatistics {
  readonly mean: number;
  readonly std: number;
}

/** Mean and standard deviation over all values; bytes are taken as value/255 (as the batcher does). */
export function valueStatistics(values: Uint8Array | Float32Array): ValueStatistics {
  if (values.length === 0) return { mean: 0, std: 1 };
  const scale = values instanceof Uint8Array ? 1 / 255 : 1;
  let sum = 0;
  let sumOfSquares = 0;
  for (const value of values) {
    const v = value * scale;
    sum += v;
    sumOfSquares += v * v;
  }
  const mean = sum / values.length;
  const variance = Math.max(0, sumOfSquares / values.length - mean * mean);
  // A constant input has std 0; 1 keeps the normalisation finite and the values unchanged in spread.
  return { mean, std: variance > 1e-12 ? Math.sqrt(variance) : 1 };
}
