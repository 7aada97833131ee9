import { describe, expect, it } from 'vitest';
import type { EvaluationRecord, MetricChunk } from '../config/metrics';
import type { RobustRecord } from '../config/robust';
import type { SessionEvent } from '../config/stream';
import { StreamHistory } from './history';

/** One step of run `runId`: loss = step, and sharpness on even steps only (NaN in the replay elsewhere). */
const oneStep = (runId: string, step: number): MetricChunk => ({
  runId,
  steps: Int32Array.of(step),
  values:
    step % 2 === 0
      ? { loss: Float32Array.of(step), sharpness: Float32Array.of(-step) }
      : { loss: Float32Array.of(step) },
});

describe('StreamHistory', () => {
  it('replays every step of a long session of one-step messages, in order, across its compactions', () => {
    const history = new StreamHistory();
    const steps = 1000;
    for (let step = 0; step < steps; step++)
      history.record({ chunks: [oneStep('a', step), oneStep('b', step)], evaluations: [], events: [] });
    const replay = history.all();
    const expected = Array.from({ length: steps }, (_, i) => i);
    for (const chunk of replay.chunks) {
      expect([...chunk.steps]).toEqual(expected);
      expect([...(chunk.values.loss ?? [])]).toEqual(expected);
      expect([...(chunk.values.sharpness ?? [])]).toEqual(
        expected.map((i) => (i % 2 === 0 ? -i : Number.NaN)),
      );
    }
    expect(replay.chunks.map((c) => c.runId)).toEqual(['a', 'b']);
  });

  it('drops the steps a restore recomputes, even when they sit in a joined chunk', () => {
    const history = new StreamHistory();
    for (let step = 0; step < 300; step++)
      history.record({ chunks: [oneStep('a', step)], evaluations: [], events: [] });
    history.record({
      chunks: [],
      evaluations: [],
      events: [restored('a', 100, 100)],
    });
    expect([...(history.all().chunks[0]?.steps ?? [])]).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('keeps the evaluation at a restore’s own step, which is not redone, and drops the later ones', () => {
    const history = new StreamHistory();
    history.record({
      chunks: [],
      evaluations: [0, 20, 40, 60].map((step) => evaluation('a', step)),
      events: [],
    });
    history.record({ chunks: [], evaluations: [], events: [restored('a', 40, 31)] });
    expect(history.all().evaluations.map((e) => e.step)).toEqual([0, 20, 40]);
  });

  it('drops the step-0 evaluation on a restore to step 0, which evaluates again', () => {
    const history = new StreamHistory();
    history.record({ chunks: [], evaluations: [evaluation('a', 0)], events: [] });
    history.record({ chunks: [], evaluations: [], events: [restored('a', 0, 0)] });
    expect(history.all().evaluations).toEqual([]);
  });

  it('drops the robust records a restore redoes, so each step has one after they are redone', () => {
    const history = new StreamHistory();
    history.record({ chunks: [], evaluations: [], events: [0, 20, 40].map((step) => robust('a', step)) });
    // The evaluation of step 20 was in progress at the snapshot (step 31): it is redone.
    history.record({ chunks: [], evaluations: [], events: [robust('b', 20), restored('a', 31, 20)] });
    history.record({ chunks: [], evaluations: [], events: [robust('a', 20)] });
    const kept = history.all().events.filter((e) => e.kind === 'robust');
    expect(kept.map((e) => [e.runId, e.step])).toEqual([
      ['a', 0],
      ['b', 20],
      ['a', 20],
    ]);
  });
});

function evaluation(runId: string, step: number): EvaluationRecord {
  return { runId, step, testLoss: 1, testAccuracy: 0.5 };
}

function restored(runId: string, step: number, robustFrom: number): SessionEvent {
  return { kind: 'restored', runId, step, backend: 'wasm', robustFrom };
}

function robust(runId: string, step: number): SessionEvent {
  return { kind: 'robust', runId, step, record: { runId, step } as RobustRecord };
}
