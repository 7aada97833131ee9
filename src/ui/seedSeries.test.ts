import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import type { EvaluationRecord, MetricChunk } from '../config/metrics';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import type { ReplicaStatus, WorkerEvent } from '../worker/protocol';
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

const chunk = (replica: number, steps: number[], loss: number[]): MetricChunk => ({
  runId: 'sam',
  replica,
  steps: Int32Array.from(steps),
  values: { loss: Float32Array.from(loss) },
});

const evaluation = (replica: number, step: number, testAccuracy: number): EvaluationRecord => ({
  runId: 'sam',
  replica,
  step,
  testLoss: 1 - testAccuracy,
  testAccuracy,
});

function metrics(
  chunks: MetricChunk[],
  replicas: ReplicaStatus[],
  evaluations: EvaluationRecord[] = [],
): WorkerEvent {
  return {
    type: 'metrics',
    generation: 1,
    sequence: 0,
    chunks,
    evaluations,
    events: [],
    runs: [
      {
        runId: 'sam',
        optimizer: 'sam',
        status: 'active',
        step: 2,
        replicas,
        hparams: DEFAULT_HYPERPARAMS,
        gradEvalsPerStep: 2,
      },
    ],
    progress: {
      step: 2,
      totalSteps: 100,
      epoch: 0,
      stepsPerEpoch: 937,
      stepsPerSecond: 0,
      examplesPerSecond: 0,
      elapsedMs: 100,
      numTensors: 0,
      numBytes: 0,
    },
  };
}

const active = (step: number): ReplicaStatus => ({ status: 'active', step });
const fold = (events: WorkerEvent[]): AppState => events.reduce(applyEvent, initialState(DEFAULT_CONFIG));

describe('a run over several seeds in the page state', () => {
  it('keeps each replica and the mean with its spread per step', () => {
    // Losses 1 and 3 at step 0, 3 and 5 at step 1: means 2 and 4, std √2, min–max 1–3 and 3–5.
    const state = fold([
      ready,
      metrics([chunk(0, [0, 1], [1, 3]), chunk(1, [0, 1], [3, 5])], [active(2), active(2)]),
    ]);
    const run = state.runs.get('sam');
    expect(run?.replicas?.map((r) => r.values.loss)).toEqual([
      [1, 3],
      [3, 5],
    ]);
    expect(run?.steps).toEqual([0, 1]);
    expect(run?.values.loss).toEqual([2, 4]);
    expect(run?.spread?.loss?.std.map((s) => s.toFixed(6))).toEqual([
      Math.SQRT2.toFixed(6),
      Math.SQRT2.toFixed(6),
    ]);
    expect([run?.spread?.loss?.min, run?.spread?.loss?.max]).toEqual([
      [1, 3],
      [3, 5],
    ]);
  });

  it('averages a step only once every replica has it', () => {
    const state = fold([
      ready,
      metrics([chunk(0, [0, 1], [1, 3]), chunk(1, [0], [3])], [active(2), active(1)]),
    ]);
    expect(state.runs.get('sam')?.values.loss).toEqual([2]);
    const later = applyEvent(state, metrics([chunk(1, [1], [5])], [active(2), active(2)]));
    expect(later.runs.get('sam')?.values.loss).toEqual([2, 4]);
  });

  it('leaves a diverged replica out of the mean and the band altogether, and keeps its own points', () => {
    const diverged: ReplicaStatus = { status: 'diverged', step: 1, divergedAtStep: 1 };
    const state = fold([
      ready,
      metrics([chunk(0, [0, 1, 2], [1, 3, 5]), chunk(1, [0], [3])], [active(3), diverged]),
    ]);
    const run = state.runs.get('sam');
    expect(run?.values.loss).toEqual([1, 3, 5]);
    expect(run?.spread?.loss?.std.every(Number.isNaN)).toBe(true);
    expect(run?.replicas?.[1]?.status).toBe('diverged');
    expect(run?.replicas?.[1]?.values.loss).toEqual([3]);
  });

  it('averages again without a replica once it diverges', () => {
    const state = fold([ready, metrics([chunk(0, [0], [1]), chunk(1, [0], [3])], [active(1), active(1)])]);
    expect(state.runs.get('sam')?.values.loss).toEqual([2]);
    const diverged: ReplicaStatus = { status: 'diverged', step: 1, divergedAtStep: 1 };
    const later = applyEvent(state, metrics([chunk(0, [1], [2])], [active(2), diverged]));
    expect(later.runs.get('sam')?.values.loss).toEqual([1, 2]);
  });

  it('averages the evaluations of every seed at a step, with their spread', () => {
    const state = fold([
      ready,
      metrics([], [active(0), active(0)], [evaluation(0, 0, 0.8), evaluation(1, 0, 0.9)]),
    ]);
    const run = state.runs.get('sam');
    expect(run?.evaluations.map((e) => [e.step, e.testAccuracy.toFixed(6)])).toEqual([[0, '0.850000']]);
    expect(run?.evaluationSpread?.testAccuracy.min).toEqual([0.8]);
    expect(run?.evaluationSpread?.testAccuracy.max).toEqual([0.9]);
  });
});
