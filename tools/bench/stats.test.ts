import { describe, expect, it } from 'vitest';
import { addSgdRatios, median, percentile, throughput } from './stats';

describe('benchmark statistics', () => {
  it('takes the middle value, or the mean of the two middle ones, of unsorted values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('takes the nearest-rank percentile, NaN for no values', () => {
    const values = [50, 10, 40, 20, 30];
    expect([percentile(values, 0), percentile(values, 50), percentile(values, 95)]).toEqual([10, 30, 50]);
    expect(percentile([], 50)).toBeNaN();
  });

  it('derives steps and examples per second from ms per step', () => {
    expect(throughput(20, 64)).toEqual({ msPerStep: 20, stepsPerSecond: 50, examplesPerSecond: 3200 });
  });

  it('compares each record with the SGD of its own host, backend and batch only, keeping ratios already set', () => {
    const record = (host: string, batch: number, method: string, msPerStep: number, ratioToSgd?: number) => ({
      host,
      backend: 'wasm',
      batch,
      method,
      msPerStep,
      ...(ratioToSgd === undefined ? {} : { ratioToSgd }),
    });
    const records = [
      record('node', 64, 'sgd', 10),
      record('node', 64, 'sam', 25),
      record('node', 128, 'sam', 40),
      record('chromium', 64, 'sgd', 20),
      record('chromium', 64, 'sam', 30, 1.9),
    ];
    addSgdRatios(records);
    expect(records.map((r) => r.ratioToSgd)).toEqual([1, 2.5, undefined, 1, 1.9]);
  });
});
