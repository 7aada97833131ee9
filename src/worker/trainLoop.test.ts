import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import { syntheticDataset } from '../engine/data/synthetic';
import { Session } from '../engine/session/session';
import { MetricStream } from './metricStream';
import { runTrainingLoop } from './trainLoop';

describe('the training loop', () => {
  it('sends every step before a snapshot is taken, so a page saving both loses none on resume', async () => {
    const session = new Session({
      dataset: syntheticDataset({ trainCount: 64, testCount: 16, imageShape: [4, 4, 1], numClasses: 2 }),
      layers: [{ type: 'flatten' }, { type: 'dense', units: 2, activation: 'linear' }],
      batchSize: 8,
      seed: 1,
      totalSteps: 12,
      evalExamples: 16,
      runs: [{ id: 'a', name: 'a', optimizer: 'sam', hparams: DEFAULT_HYPERPARAMS }],
    });
    const sentSteps: number[] = [];
    const stream = new MetricStream((batch) => {
      for (const chunk of batch.chunks) sentSteps.push(...chunk.steps);
    });
    /** At each snapshot: the tick it holds and how many steps the page has been sent. */
    const atSnapshots: [number, number][] = [];
    await runTrainingLoop(session, stream, {
      shouldContinue: () => true,
      evalEvery: 100,
      onFirstTick: () => {},
      onProgress: () => {},
      onSnapshotDue: async () => {
        atSnapshots.push([session.tick, sentSteps.length]);
      },
      snapshotEveryMs: 0,
    });
    session.dispose();
    expect(atSnapshots.map(([tick]) => tick)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const [tick, sent] of atSnapshots) expect(sent, `snapshot at tick ${tick}`).toBe(tick);
  });
});
