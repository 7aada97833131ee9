import { describe, expect, it } from 'vitest';
import { DECISION_BOUNDARY, type MetricChunk } from '../../config/metrics';
import { MODEL_PRESETS } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import { type RunConfig, withOutputUnits } from '../../config/schema';
import { applyDataRegime } from '../data/regime';
import { syntheticDataset } from '../data/synthetic';
import { toyDataset } from '../data/toys';
import { Session } from './session';

const run = (id: string, optimizer: RunConfig['optimizer'] = 'sgd'): RunConfig => ({
  id,
  name: id,
  optimizer,
  hparams: { ...DEFAULT_HYPERPARAMS, lr: 0.1 },
});
const images = syntheticDataset({ trainCount: 256, testCount: 64, imageShape: [12, 12, 1] });
const cnn = withOutputUnits(MODEL_PRESETS['tiny-cnn'].layers, 4);

const losses = (chunks: MetricChunk[], runId: string) => [
  ...(chunks.find((c) => c.runId === runId)?.values.loss ?? []),
];

async function trainedLosses(session: Session, steps: number) {
  for (let i = 0; i < steps; i++) session.trainStep();
  return session.collect();
}

describe('Session with data regimes', () => {
  it('draws a decision boundary per run for 2-D data', async () => {
    const dataset = toyDataset('blobs', { trainCount: 300, testCount: 60, noise: 0, seed: 1 });
    const layers = withOutputUnits(MODEL_PRESETS['mlp-2d'].layers, 3);
    const session = new Session({
      dataset,
      layers,
      batchSize: 30,
      seed: 1,
      totalSteps: 100,
      evalExamples: 60,
      runs: [run('sgd'), run('sam', 'sam')],
    });
    await trainedLosses(session, 40);
    const [sgd, sam] = await session.evaluate();
    expect(sgd?.boundary).toHaveLength(DECISION_BOUNDARY.resolution ** 2);
    // Three well-separated blobs: a trained network predicts all three classes somewhere on the plane.
    expect(new Set(sgd?.boundary)).toEqual(new Set([0, 1, 2]));
    expect(sam?.boundary).toHaveLength(DECISION_BOUNDARY.resolution ** 2);
    session.dispose();
  });

  it('measures memorisation on the noisy-labelled examples only with label noise', async () => {
    const noisy = applyDataRegime(images, { labelNoise: { kind: 'symmetric', rate: 0.4 } }, 1);
    const session = new Session({
      dataset: noisy,
      layers: cnn,
      batchSize: 16,
      seed: 2,
      totalSteps: 100,
      evalExamples: 64,
      runs: [run('a')],
    });
    await trainedLosses(session, 3);
    const [record] = await session.evaluate();
    for (const value of [record?.noisyTrueAccuracy, record?.noisyLabelAccuracy]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    // A noisy label is never the true one, so no prediction matches both.
    expect((record?.noisyTrueAccuracy ?? 2) + (record?.noisyLabelAccuracy ?? 2)).toBeLessThanOrEqual(1);
    const clean = new Session({
      dataset: images,
      layers: cnn,
      batchSize: 16,
      seed: 2,
      totalSteps: 100,
      evalExamples: 64,
      runs: [run('a')],
    });
    expect((await clean.evaluate())[0]?.noisyTrueAccuracy).toBeUndefined();
    session.dispose();
    clean.dispose();
  });

  it('augments the batches identically for every run and differently from no augmentation', async () => {
    const options = {
      dataset: images,
      layers: cnn,
      batchSize: 16,
      seed: 4,
      totalSteps: 100,
      evalExamples: 64,
    };
    const augmented = new Session({
      ...options,
      augmentation: { crop: true, flip: true },
      runs: [run('a'), run('b')],
    });
    const plain = new Session({ ...options, runs: [run('a')] });
    const chunks = await trainedLosses(augmented, 4);
    expect(losses(chunks, 'b')).toEqual(losses(chunks, 'a'));
    expect(losses(chunks, 'a')).not.toEqual(losses(await trainedLosses(plain, 4), 'a'));
    augmented.dispose();
    plain.dispose();
  });

  it('refuses augmentation for 2-D points', () => {
    const dataset = toyDataset('moons', { trainCount: 40, testCount: 10, noise: 0, seed: 1 });
    const layers = withOutputUnits(MODEL_PRESETS['mlp-2d'].layers, 2);
    expect(
      () =>
        new Session({
          dataset,
          layers,
          batchSize: 8,
          seed: 1,
          totalSteps: 10,
          evalExamples: 10,
          augmentation: { crop: true, flip: false },
          runs: [run('a')],
        }),
    ).toThrow('augmentation needs images of at least 8×8 pixels, these are 1×1');
  });
});
