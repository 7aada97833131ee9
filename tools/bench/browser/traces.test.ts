import { describe, expect, it } from 'vitest';
import { gpuWorkBetween } from './traces';
import type { MetricsSample } from './types';

const readbacks = { data: 0, dataSync: 0, byCaller: {}, backendReads: 0 };

function sample(step: number, gpuWork?: { dispatches: number; submits: number }): MetricsSample {
  return {
    at: step,
    step,
    elapsedMs: step,
    numTensors: 0,
    numBytes: 0,
    drained: true,
    runs: [],
    bench: { readbacks, stepTimes: [], ...(gpuWork ? { gpuWork } : {}) },
  };
}

describe('WebGPU work per tick in the page benchmark', () => {
  it('divides the dispatches and submits between the first sample at the warm-up and the last by the ticks', () => {
    // Steps 3 → 7 are 4 ticks: (900 - 100) / 4 = 200 dispatches, (60 - 20) / 4 = 10 submits.
    const samples = [
      sample(1, { dispatches: 10, submits: 2 }),
      sample(3, { dispatches: 100, submits: 20 }),
      sample(7, { dispatches: 900, submits: 60 }),
    ];
    expect(gpuWorkBetween(samples, 3)).toEqual({ dispatchesPerStep: 200, submitsPerStep: 10 });
  });

  it('reports nothing where the worker counted no WebGPU work', () => {
    expect(gpuWorkBetween([sample(3), sample(7)], 3)).toBeUndefined();
  });
});
