/**
 * The probe batch comes from the training data as the runs see it (ALGORITHMS.md "Probes", "Data
 * regimes"): replica k's probes use seed k's subset with its noisy labels, the objective it trains on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import { DEFAULT_PROBE_CONFIG } from '../../config/probes';
import { gatherBatch } from '../data/batcher';
import { noisyTraining } from '../data/regime';
import { syntheticDataset } from '../data/synthetic';
import { Session } from '../session/session';
import type { SessionOptions } from '../session/sessionOptions';
import type { ProbeBatch } from './probeBatch';
import { probeIndices } from './probeBatch';
import { SessionProbes } from './sessionProbes';

const SEED = 5;
const SUBSET = 40;
const layers: LayerSpec[] = [{ type: 'flatten' }, { type: 'dense', units: 4, activation: 'linear' }];
const options: SessionOptions = {
  dataset: syntheticDataset({ trainCount: 128, testCount: 16 }),
  regime: { subset: SUBSET, labelNoise: { kind: 'symmetric', rate: 0.6 } },
  layers,
  batchSize: 8,
  seed: SEED,
  seeds: 2,
  totalSteps: 10,
  evalExamples: 16,
  runs: [{ id: 'a', name: 'a', optimizer: 'sgd', hparams: DEFAULT_HYPERPARAMS }],
};
/** More than the subset holds: the probe batch is then the whole subset. */
const PROBES = { ...DEFAULT_PROBE_CONFIG, size: 64 };

const opened: { session: Session; probes: SessionProbes }[] = [];
function open(sessionOptions: SessionOptions) {
  const session = new Session(sessionOptions);
  const probes = new SessionProbes(session, layers, PROBES, SEED);
  opened.push({ session, probes });
  return { session, probes };
}
afterEach(async () => {
  for (const { session, probes } of opened.splice(0)) {
    await probes.dispose();
    session.dispose();
  }
});

/** A probe batch's inputs and labels on the host. */
function contents(batch: ProbeBatch): { x: number[]; labels: number[] } {
  return {
    x: batch.chunks.flatMap((chunk) => [...(chunk.x.dataSync() as Float32Array)]),
    labels: batch.chunks.flatMap((chunk) => [...chunk.labels.dataSync()]),
  };
}

describe('the probe batch under a data regime', () => {
  it("is drawn from each seed's subset, the whole subset when P is larger", () => {
    const { session, probes } = open(options);
    for (const replica of [0, 1]) {
      const data = session.trainingDataOf(replica);
      const expected = gatherBatch(data, data.train, probeIndices(SUBSET, SUBSET, SEED));
      expect(probes.probeBatchOf(replica).size).toBe(SUBSET);
      expect(contents(probes.probeBatchOf(replica))).toEqual({
        x: [...expected.x],
        labels: [...expected.labels],
      });
    }
    expect(contents(probes.probeBatchOf(0)).x).not.toEqual(contents(probes.probeBatchOf(1)).x);
  });

  it('carries the noisy labels the runs train on, not the true ones', () => {
    const { session, probes } = open(options);
    const noisy = noisyTraining(session.trainingDataOf(0));
    if (!noisy) throw new Error('the regime has label noise');
    const indices = probeIndices(SUBSET, SUBSET, SEED);
    const labels = contents(probes.probeBatchOf(0)).labels;
    expect(labels).toEqual(Array.from(indices, (i) => noisy.labels[i]));
    const differing = labels.filter((label, j) => label !== noisy.trueLabels[indices[j] as number]);
    expect(differing.length).toBeGreaterThan(0);
  });

  it('is one batch shared by every seed when the data has no regime', () => {
    const { regime: _, ...clean } = options;
    const { probes } = open(clean);
    expect(probes.probeBatchOf(1)).toBe(probes.probeBatchOf(0));
    expect(probes.probeBatchOf(0).size).toBe(64);
  });
});
