import { describe, expect, it } from 'vitest';
import type { MetricChunk } from '../config/metrics';
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
      events: [{ kind: 'restored', runId: 'a', step: 100, backend: 'wasm' }],
    });
    expect([...(history.all().chunks[0]?.steps ?? [])]).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
