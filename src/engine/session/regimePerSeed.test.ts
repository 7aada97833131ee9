import { describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '../../config/metrics';
import { MODEL_PRESETS } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import { type RunConfig, withOutputUnits } from '../../config/schema';
import { applyDataRegime, type DataRegime } from '../data/regime';
import { syntheticDataset } from '../data/synthetic';
import { toyDataset } from '../data/toys';
import { Session } from './session';
import type { SessionOptions } from './sessionOptions';

const run = (id: string, optimizer: RunConfig['optimizer'] = 'sgd'): RunConfig => ({
  id,
  name: id,
  optimizer,
  hparams: { ...DEFAULT_HYPERPARAMS, lr: 0.1 },
});
const images = syntheticDataset({ trainCount: 200, testCount: 40, imageShape: [8, 8, 1] });
const regime: DataRegime = { subset: 120, labelNoise: { kind: 'symmetric', rate: 0.4 } };
const options: SessionOptions = {
  dataset: images,
  regime,
  layers: withOutputUnits(MODEL_PRESETS.mlp.layers, 4),
  batchSize: 8,
  seed: 3,
  seeds: 2,
  totalSteps: 50,
  evalExamples: 40,
  runs: [run('sgd'), run('sam', 'sam')],
};

/** The step-0 records of a session whose step-0 evaluation runs in slices between training steps. */
async function slicedStepZero(session: Session): Promise<EvaluationRecord[]> {
  session.beginInitialEvaluation();
  for (;;) {
    session.trainStep();
    const records = await session.advanceInitialEvaluation();
    if (records.length > 0) return records;
  }
}

const keyed = (records: readonly EvaluationRecord[]) =>
  new Map(records.map((record) => [`${record.runId}/${record.replica}`, record]));

describe('data regimes with seeds', () => {
  it('gives replica k the subset and noisy labels drawn from seed + k', () => {
    const session = new Session(options);
    for (const replica of [0, 1]) {
      const expected = applyDataRegime(images, regime, options.seed + replica);
      expect(session.trainingDataOf(replica).train.labels).toEqual(expected.train.labels);
      expect(session.trainingDataOf(replica).train.rows).toEqual(expected.train.rows);
    }
    expect(session.trainingDataOf(1).train.labels).not.toEqual(session.trainingDataOf(0).train.labels);
    expect(session.trainingDataOf(1).train.rows).not.toEqual(session.trainingDataOf(0).train.rows);
    session.dispose();
  });

  it('trains replica 1 exactly as the single-seed experiment of seed + 1', async () => {
    const pair = new Session(options);
    const single = new Session({ ...options, seed: options.seed + 1, seeds: 1 });
    for (let i = 0; i < 3; i++) {
      pair.trainStep();
      single.trainStep();
    }
    const lossOf = async (session: Session, replica: number) =>
      (await session.collect()).find((chunk) => chunk.runId === 'sam' && chunk.replica === replica)?.values
        .loss;
    expect(await lossOf(pair, 1)).toEqual(await lossOf(single, 0));
    pair.dispose();
    single.dispose();
  });
});

describe('the step-0 evaluation under a regime', () => {
  it('carries each seed’s memorisation numbers, equal to a whole evaluation before any step', async () => {
    const whole = new Session(options);
    const expected = keyed(await whole.evaluate());
    whole.dispose();
    const sliced = new Session(options);
    const records = await slicedStepZero(sliced);
    expect(records).toHaveLength(4);
    for (const record of records) {
      const reference = expected.get(`${record.runId}/${record.replica}`);
      expect(record.step).toBe(0);
      expect(record.noisyTrueAccuracy).toBeDefined();
      expect(record.noisyTrueAccuracy).toBe(reference?.noisyTrueAccuracy);
      expect(record.noisyLabelAccuracy).toBe(reference?.noisyLabelAccuracy);
    }
    sliced.dispose();
  });

  it('carries the decision boundary of the initial weights for 2-D data', async () => {
    const toy = toyDataset('blobs', { trainCount: 120, testCount: 30, noise: 0, seed: 1 });
    const planar = {
      ...options,
      dataset: toy,
      regime: undefined,
      seeds: 1,
      layers: withOutputUnits(MODEL_PRESETS['mlp-2d'].layers, 3),
    };
    const whole = new Session(planar);
    const [expected] = await whole.evaluate();
    whole.dispose();
    const sliced = new Session(planar);
    const [record] = await slicedStepZero(sliced);
    expect(record?.step).toBe(0);
    expect(record?.boundary).toBeInstanceOf(Uint8Array);
    expect(record?.boundary).toEqual(expected?.boundary);
    sliced.dispose();
  });
});
