import { describe, expect, it } from 'vitest';
import type { EvaluationRecord, MetricChunk } from '../config/metrics';
import { MetricStream, type StreamBatch } from './metricStream';

function chunk(runId: string, from: number, count: number): MetricChunk {
  const steps = Int32Array.from({ length: count }, (_, i) => from + i);
  return { runId, steps, values: { loss: Float32Array.from(steps, (s) => s / 10) } };
}

describe('MetricStream', () => {
  it('sends at most once per interval and loses no step in between', () => {
    let clock = 0;
    const sent: StreamBatch[] = [];
    const stream = new MetricStream(
      (batch) => sent.push(batch),
      100,
      () => clock,
    );
    for (let step = 0; step < 1000; step++) {
      stream.addChunks([chunk('a', step, 1), chunk('b', step, 1)]);
      stream.flush();
      clock += 7; // a step every 7 ms: 7 s of training
    }
    stream.flush(true);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(7000 / 100) + 2);
    for (const runId of ['a', 'b']) {
      const steps = sent.flatMap((m) =>
        m.chunks.filter((c) => c.runId === runId).flatMap((c) => [...c.steps]),
      );
      expect(steps).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      const losses = sent.flatMap((m) =>
        m.chunks.filter((c) => c.runId === runId).flatMap((c) => [...(c.values.loss ?? [])]),
      );
      expect(losses[999]).toBeCloseTo(99.9, 4);
    }
  });

  it('discards unsent steps and evaluations before a restore but keeps its events', () => {
    const sent: StreamBatch[] = [];
    const stream = new MetricStream((batch) => sent.push(batch));
    stream.addChunks([chunk('a', 3, 1)]);
    stream.addEvaluations([{ runId: 'a', step: 3 } as EvaluationRecord]);
    stream.discardMetrics();
    stream.addEvents([{ kind: 'restored', runId: 'a', step: 0, backend: 'wasm' }]);
    stream.flush(true);
    expect(sent).toEqual([
      { chunks: [], evaluations: [], events: [{ kind: 'restored', runId: 'a', step: 0, backend: 'wasm' }] },
    ]);
  });

  it('holds evaluations until the next send', () => {
    let clock = 0;
    const sent: EvaluationRecord[][] = [];
    const stream = new MetricStream(
      (batch) => sent.push(batch.evaluations),
      100,
      () => clock,
    );
    stream.flush();
    stream.addEvaluations([{ runId: 'a', step: 10, testLoss: 1, testAccuracy: 0.5 }]);
    expect(stream.flush()).toBe(false);
    clock = 150;
    expect(stream.flush()).toBe(true);
    expect(sent[1]).toEqual([{ runId: 'a', step: 10, testLoss: 1, testAccuracy: 0.5 }]);
  });
});
