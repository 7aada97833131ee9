import { describe, expect, it } from 'vitest';
import { stringifyBundle } from '../../config/bundle';
import { DEFAULT_CONFIG } from '../../config/defaults';
import type { MetricChunk } from '../../config/metrics';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import type { WorkerEvent } from '../../worker/protocol';
import { applyEvent } from '../applyEvent';
import { importBundle } from '../imports';
import { buildRunViews } from '../runViews';
import { type AppState, createStore, initialState } from '../store';
import { buildBundle, csvRuns } from './bundleExport';

const config = {
  ...DEFAULT_CONFIG,
  seed: 7,
  seeds: 2,
  runs: [DEFAULT_CONFIG.runs[1] as (typeof DEFAULT_CONFIG.runs)[0]],
};

const chunk = (replica: number, loss: number[]): MetricChunk => ({
  runId: 'sam',
  replica,
  steps: Int32Array.from(loss.map((_, i) => i)),
  values: { loss: Float32Array.from(loss) },
});

function trainedState(): AppState {
  const ready: WorkerEvent = {
    type: 'ready',
    generation: 1,
    paramCount: 1,
    stepsPerEpoch: 10,
    trainCount: 100,
    testCount: 10,
    classNames: [],
  };
  const metrics: WorkerEvent = {
    type: 'metrics',
    generation: 1,
    sequence: 0,
    chunks: [chunk(0, [1, 3]), chunk(1, [3, 5])],
    evaluations: [
      { runId: 'sam', replica: 0, step: 2, testLoss: 0.5, testAccuracy: 0.8 },
      { runId: 'sam', replica: 1, step: 2, testLoss: 0.4, testAccuracy: 0.9 },
    ],
    events: [],
    runs: [
      {
        runId: 'sam',
        optimizer: 'sam',
        status: 'done',
        step: 2,
        replicas: [
          { status: 'done', step: 2 },
          { status: 'done', step: 2 },
        ],
        hparams: DEFAULT_HYPERPARAMS,
        gradEvalsPerStep: 2,
      },
    ],
    progress: {
      step: 2,
      totalSteps: 2,
      epoch: 0,
      stepsPerEpoch: 10,
      stepsPerSecond: 0,
      examplesPerSecond: 0,
      elapsedMs: 10,
      numTensors: 0,
      numBytes: 0,
    },
  };
  return [ready, metrics].reduce(applyEvent, initialState(config));
}

describe('exports of a run over seeds', () => {
  it('writes one set of CSV rows per seed, seed = experiment seed + replica', () => {
    const state = trainedState();
    const runs = csvRuns(buildRunViews(state.config, state.runs, [], undefined), state.config.seed);
    expect(runs.map((r) => [r.id, r.seed, r.values.loss])).toEqual([
      ['sam', 7, [1, 3]],
      ['sam', 8, [3, 5]],
    ]);
  });

  it('keeps every seed in the bundle and imports it back as a band', () => {
    const state = trainedState();
    const bundle = buildBundle(state, buildRunViews(state.config, state.runs, [], undefined));
    expect(bundle.runs[0]?.replicas?.map((r) => r.seed)).toEqual([7, 8]);
    const store = createStore(initialState(DEFAULT_CONFIG));
    expect(importBundle(store, 'seeds.json', stringifyBundle(bundle))).toBe(true);
    const series = store.get().imported[0]?.runs[0]?.series;
    expect(series?.replicas).toHaveLength(2);
    expect(series?.values.loss).toEqual([2, 4]);
    expect(series?.spread?.loss?.min).toEqual([1, 3]);
    expect(series?.evaluations.map((e) => e.testAccuracy.toFixed(2))).toEqual(['0.85']);
  });
});
