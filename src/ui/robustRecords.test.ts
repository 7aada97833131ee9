import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, type Bundle, parseBundle, stringifyBundle } from '../config/bundle';
import { DEFAULT_CONFIG } from '../config/defaults';
import type { RobustRecord } from '../config/robust';
import type { SessionEvent } from '../config/stream';
import type { WorkerEvent } from '../worker/protocol';
import { applyEvent } from './applyEvent';
import { importBundle } from './imports';
import { createStore, initialState } from './store';

const record = (runId: string, step: number): RobustRecord => ({
  runId,
  step,
  examples: 500,
  clean: 0.8,
  eps: [1, 8],
  sigmas: [0.1],
  pgdSteps: 10,
  fgsm: [0.7, 0.2],
  pgd: [0.69, 0.1],
  noise: [0.79],
  gradientEvaluations: 21,
  ms: 900,
});

const robustEvent = (runId: string, step: number) =>
  ({ kind: 'robust', runId, step, record: record(runId, step) }) as const;

function metrics(runIds: string[], events: SessionEvent[]): WorkerEvent {
  return {
    type: 'metrics',
    generation: 1,
    sequence: 0,
    chunks: runIds.map((runId) => ({ runId, steps: Int32Array.from([0]), values: {} })),
    evaluations: [],
    events,
    runs: [],
    progress: {
      step: 1,
      totalSteps: 10,
      epoch: 0,
      stepsPerEpoch: 10,
      stepsPerSecond: 0,
      examplesPerSecond: 0,
      elapsedMs: 0,
      numTensors: 0,
      numBytes: 0,
    },
  };
}

const bundle: Bundle = {
  format: BUNDLE_FORMAT,
  bundleVersion: 1,
  config: DEFAULT_CONFIG,
  runs: [{ id: 'sam', name: 'SAM', optimizer: 'sam', steps: [0], metrics: {}, evaluations: [] }],
  events: [robustEvent('sam', 0)],
  environment: { appVersion: '0.1.0', timestamp: '2026-01-01T00:00:00.000Z', userAgent: 'test' },
};

describe('robust records in the page', () => {
  it('go to their run as they arrive, not to a run removed meanwhile', () => {
    let state = { ...initialState(DEFAULT_CONFIG), generation: 1 };
    state = applyEvent(state, metrics(['sam', 'sgd'], [{ kind: 'runRemoved', runId: 'sgd', step: 1 }]));
    state = applyEvent(state, metrics([], [robustEvent('sam', 0), robustEvent('sgd', 0)]));
    expect(state.runs.get('sam')?.robust).toEqual([record('sam', 0)]);
    expect(state.runs.has('sgd')).toBe(false);
  });

  it('travel in a bundle and come back into the imported run', () => {
    const parsed = parseBundle(stringifyBundle(bundle));
    expect(parsed.ok && parsed.bundle.events).toEqual(bundle.events);
    const store = createStore(initialState(DEFAULT_CONFIG));
    expect(importBundle(store, 'robust.json', stringifyBundle(bundle))).toBe(true);
    expect(store.get().imported[0]?.runs[0]?.series.robust).toEqual([record('sam', 0)]);
  });

  it('are refused from a bundle when a list does not match its ε, naming the field', () => {
    const broken = {
      ...bundle,
      events: [{ ...robustEvent('sam', 0), record: { ...record('sam', 0), pgd: [0.5] } }],
    };
    const parsed = parseBundle(JSON.stringify(broken));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[0]).toMatch(
      /^events\[0\]\.record\.pgd: 1 accuracies for 2 values of eps/,
    );
  });
});
