import { describe, expect, it } from 'vitest';
import { valueStatistics } from './statistics';

describe('valueStatistics', () => {
  it('takes bytes as value/255', () => {
    // 0 and 255 → 0 and 1: mean 0.5, population std 0.5.
    expect(valueStatistics(Uint8Array.from([0, 255]))).toEqual({ mean: 0.5, std: 0.5 });
  });

  it('takes floats as they are', () => {
    // -1, 1, -1, 1: mean 0, std 1.
    expect(valueStatistics(Float32Array.from([-1, 1, -1, 1]))).toEqual({ mean: 0, std: 1 });
  });

  it('gives std 1 for constant data so normalising does not divide by zero', () => {
    expect(valueStatistics(Float32Array.from([3, 3, 3])).std).toBe(1);
  });
});
