import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../config/defaults';
import { emptySeries, type RunSeries } from '../store';
import { approximateBytes, packSeries, type SavedData, unpackSeries } from './savedSessions';

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

describe('a saved session’s size', () => {
  it('counts the frozen weights of a robust evaluation in progress beside the runs’ state', () => {
    const run = DEFAULT_CONFIG.runs[0] as SavedData['config']['runs'][number];
    const runState = {
      config: run,
      replica: 0,
      step: 3,
      phase: 'active' as const,
      values: [new Float32Array(1000)],
    };
    const saved = (robust?: SavedData['checkpoint']['snapshot']['robust']): SavedData => ({
      config: DEFAULT_CONFIG,
      events: [],
      runs: [],
      checkpoint: { step: 3, snapshot: { runs: [runState], ...(robust ? { robust } : {}) } },
    });
    const target = { runId: run.id, step: 2, state: [new Float32Array(300), new Float32Array(200)] };
    const job = {
      settings: { attacks: [], eps: [], pgdSteps: 1, sigmas: [], examples: 1, seed: 0 },
      targets: [target],
    };
    expect(approximateBytes(saved())).toBeGreaterThanOrEqual(4000);
    expect(approximateBytes(saved({ tick: 2, job })) - approximateBytes(saved())).toBe(2000);
  });
});
