import { describe, expect, it } from 'vitest';
import { emptySeries, type RunSeries } from '../store';
import { packSeries, unpackSeries } from './savedSessions';

describe('saved series', () => {
  it('come back exactly from their saved form, NaN and evaluations included', () => {
    const run: RunSeries = {
      ...emptySeries('sam'),
      steps: [0, 1, 2],
      values: { loss: [2.5, Number.NaN, 0.1 + 0.2], sharpness: [Number.NaN, 1e-300, -0] },
      wallMs: [10, 20.25, 31],
      evaluations: [{ runId: 'sam', step: 2, testLoss: 1.5, testAccuracy: 0.5 }],
      status: 'diverged',
      divergedAtStep: 2,
    };
    const packed = packSeries(run);
    expect(packed.steps).toBeInstanceOf(Float64Array);
    expect(unpackSeries(structuredClone(packed))).toEqual(run);
  });
});
