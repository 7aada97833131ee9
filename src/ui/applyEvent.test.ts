import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import type { SessionEvent } from '../config/stream';
import type { Progress, RunStatus, WorkerEvent } from '../worker/protocol';
import { applyEvent } from './applyEvent';
import { type AppState, initialState } from './store';

const ready: WorkerEvent = {
  type: 'ready',
  generation: 1,
  paramCount: 10,
  stepsPerEpoch: 937,
  trainCount: 60_000,
  testCount: 10_000,
  classNames: [],
};

const progress = (elapsedMs: number): Progress => ({
  step: 0,
  totalSteps: 100,
  epoch: 0,
  stepsPerEpoch: 937,
  stepsPerSecond: 0,
  examplesPerSecond: 0,
  elapsedMs,
  numTensors: 0,
  numBytes: 0,
});

const status: RunStatus = {
  runId: 'sam',
  optimizer: 'sam',
  status: 'active',
  step: 2,
  replicas: [{ status: 'active', step: 2 }],
  hparams: DEFAULT_HYPERPARAMS,
  gradEvalsPerStep: 2,
};

function metrics(
  steps: number[],
  elapsedMs: number,
  extra: Partial<Extract<WorkerEvent, { type: 'metrics' }>> = {},
): WorkerEvent {
  return {
    type: 'metrics',
    generation: 1,
    sequence: 0,
    chunks: [
      {
        runId: 'sam',
        steps: Int32Array.from(steps),
        values: { loss: Float32Array.from(steps.map((s) => 2 - s / 10)) },
      },
    ],
    evaluations: [],
    events: [],
    runs: [status],
    progress: progress(elapsedMs),
    ...extra,
  };
}

const fold = (events: WorkerEvent[]): AppState => events.reduce(applyEvent, initialState(DEFAULT_CONFIG));

describe('applyEvent', () => {
  it('grows the series in place and bumps the version per message', () => {
    const first = fold([ready, metrics([0, 1], 100)]);
    const series = first.runs.get('sam');
    const second = applyEvent(first, metrics([2, 3], 200));
    expect(second.runs.get('sam')).toBe(series);
    expect(series?.steps).toEqual([0, 1, 2, 3]);
    expect(second.version).toBe(first.version + 1);
  });

  it('spreads the training time of a message linearly over its steps', () => {
    const state = fold([ready, metrics([0, 1], 100), metrics([2, 3, 4, 5], 300)]);
    // First message: 0 → 100 ms over 2 steps; second: 100 → 300 ms over 4 steps.
    expect(state.runs.get('sam')?.wallMs).toEqual([50, 100, 150, 200, 250, 300]);
  });

  it('drops metrics of another generation', () => {
    const state = fold([ready, { ...metrics([0], 10), generation: 0 } as WorkerEvent]);
    expect(state.runs.size).toBe(0);
  });

  it('keeps the worker report of each run (live hyperparameters, cost)', () => {
    expect(fold([ready, metrics([0], 10)]).runs.get('sam')?.info?.gradEvalsPerStep).toBe(2);
  });

  it('drops the points a restore will recompute, with new arrays for the chart caches', () => {
    const before = fold([ready, metrics([0, 1, 2, 3], 100)]);
    const oldSteps = before.runs.get('sam')?.steps;
    const after = applyEvent(
      before,
      metrics([2], 120, { events: [{ kind: 'restored', runId: 'sam', step: 2, backend: 'wasm' }] }),
    );
    expect(after.runs.get('sam')?.steps).toEqual([0, 1, 2]);
    expect(after.runs.get('sam')?.values.loss).toHaveLength(3);
    expect(after.runs.get('sam')?.steps).not.toBe(oldSteps);
  });

  it("keeps the evaluation at a restore's own step (not redone) unless that step is 0 (redone)", () => {
    const evaluation = (step: number) => ({ runId: 'sam', step, testLoss: 1, testAccuracy: 0.5 });
    const trained = fold([ready, metrics([0, 1, 2, 3], 100, { evaluations: [0, 2, 3].map(evaluation) })]);
    const restoreTo = (step: number) =>
      applyEvent(
        trained,
        metrics([], 120, { events: [{ kind: 'restored', runId: 'sam', step, backend: 'wasm' }] }),
      )
        .runs.get('sam')
        ?.evaluations.map((e) => e.step);
    expect(restoreTo(2)).toEqual([0, 2]);
    expect(restoreTo(0)).toEqual([]);
  });

  it('keeps the robust records a restore does not redo: those before the evaluation in progress', () => {
    const robust = (step: number) =>
      ({ kind: 'robust', runId: 'sam', step, record: { runId: 'sam', step } }) as SessionEvent;
    const trained = fold([ready, metrics([0, 1, 2, 3], 100, { events: [0, 2].map(robust) })]);
    const restoreTo = (step: number, robustFrom?: number) =>
      applyEvent(
        trained,
        metrics([], 120, {
          events: [
            {
              kind: 'restored',
              runId: 'sam',
              step,
              backend: 'wasm',
              ...(robustFrom === undefined ? {} : { robustFrom }),
            },
          ],
        }),
      )
        .runs.get('sam')
        ?.robust.map((r) => r.step);
    // Step 2's evaluation had finished before the snapshot at step 3; step 2's was in progress at it.
    expect(restoreTo(3, 4)).toEqual([0, 2]);
    expect(restoreTo(3, 2)).toEqual([0]);
    // A restore saved before robustFrom existed redoes everything from its step.
    expect(restoreTo(2)).toEqual([0]);
  });

  it('starts the series over on a replay instead of doubling them', () => {
    const state = fold([ready, metrics([0, 1], 100), metrics([0, 1], 100, { replayed: true })]);
    expect(state.runs.get('sam')?.steps).toEqual([0, 1]);
  });

  it('records live changes as events and forgets removed runs', () => {
    const change = { kind: 'hyperparams', runId: 'sam', step: 1, key: 'rho', from: 0.05, to: 0.1 } as const;
    const state = fold([ready, metrics([0, 1], 100, { events: [change] })]);
    expect(state.events).toEqual([change]);
    const removed = applyEvent(
      state,
      metrics([], 110, { chunks: [], runs: [], events: [{ kind: 'runRemoved', runId: 'sam', step: 2 }] }),
    );
    expect(removed.runs.has('sam')).toBe(false);
  });

  it('a new session (ready) clears the series and events of the old one', () => {
    const state = fold([ready, metrics([0], 10), { ...ready, generation: 2 }]);
    expect([state.runs.size, state.events.length, state.generation]).toEqual([0, 0, 2]);
  });
});
