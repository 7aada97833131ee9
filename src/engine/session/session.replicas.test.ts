import { describe, expect, it } from 'vitest';
import { MAX_REPLICAS } from '../../config/limits';
import type { MetricChunk } from '../../config/metrics';
import type { LayerSpec } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import type { RunConfig } from '../../config/schema';
import type { OptimizerName } from '../../methods/metas';
import { syntheticDataset } from '../data/synthetic';
import { Session } from './session';
import type { SessionOptions } from './sessionOptions';

const dataset = syntheticDataset({ trainCount: 256, testCount: 64 });
const layers: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'maxPool2d', poolSize: 2 },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
];

const run = (id: string, optimizer: OptimizerName = 'sgd', lr = 0.05): RunConfig => ({
  id,
  name: id,
  optimizer,
  hparams: { ...DEFAULT_HYPERPARAMS, lr },
});

const options = (runs: RunConfig[], seeds: number, seed = 3): SessionOptions => ({
  dataset,
  layers,
  batchSize: 16,
  seed,
  seeds,
  totalSteps: 1000,
  evalExamples: 64,
  runs,
});

async function train(session: Session, steps: number): Promise<MetricChunk[]> {
  for (let i = 0; i < steps; i++) session.trainStep();
  return session.collect();
}

const losses = (chunks: MetricChunk[], runId: string, replica: number) => [
  ...(chunks.find((c) => c.runId === runId && c.replica === replica)?.values.loss ?? []),
];

describe('Session with seeds', () => {
  it('starts replica k of every run from the same weights, different from replica j', async () => {
    const session = new Session(options([run('sgd'), run('sam', 'sam')], 3));
    const { runs } = await session.snapshot();
    const params = (id: string, k: number) =>
      runs.find((r) => r.config.id === id && r.replica === k)?.values[0];
    for (let k = 0; k < 3; k++) expect(params('sam', k)).toEqual(params('sgd', k));
    expect(params('sgd', 1)).not.toEqual(params('sgd', 0));
    session.dispose();
  });

  it('shows replica k of SGD and of SAM the same first batch: their clean losses at step 0 agree', async () => {
    // Same weights and same batch give the same L(w), whatever the method does with it afterwards.
    const session = new Session(options([run('sgd'), run('sam', 'sam')], 3));
    const chunks = await train(session, 1);
    for (let k = 0; k < 3; k++) expect(losses(chunks, 'sam', k)).toEqual(losses(chunks, 'sgd', k));
    expect(losses(chunks, 'sgd', 1)).not.toEqual(losses(chunks, 'sgd', 0));
    session.dispose();
  });

  it('trains identical runs replica by replica identically over many steps (same batches throughout)', async () => {
    const session = new Session(options([run('a', 'sam'), run('b', 'sam')], 2));
    const chunks = await train(session, 30);
    for (let k = 0; k < 2; k++) {
      expect(losses(chunks, 'a', k)).toHaveLength(30);
      expect(losses(chunks, 'b', k)).toEqual(losses(chunks, 'a', k));
    }
    session.dispose();
  });

  it('gives replica k the trajectory of a one-seed session with seed + k', async () => {
    const replicated = new Session(options([run('a')], 3, 10));
    const single = new Session(options([run('a')], 1, 12));
    const [many, one] = [await train(replicated, 5), await train(single, 5)];
    expect(losses(many, 'a', 2)).toEqual(losses(one, 'a', 0));
    replicated.dispose();
    single.dispose();
  });

  it('applies a hyperparameter change to every replica and records it once', async () => {
    const session = new Session(options([run('a')], 3));
    await train(session, 2);
    session.updateHyperparams('a', { lr: 0.01 });
    expect(session.replicasOf('a').map((r) => r.hparams.lr)).toEqual([0.01, 0.01, 0.01]);
    expect(session.drainEvents()).toEqual([
      { kind: 'hyperparams', runId: 'a', step: 2, key: 'lr', from: 0.05, to: 0.01 },
    ]);
    session.dispose();
  });

  it('forks replica k from the parent replica k and removes all replicas of a run together', async () => {
    const session = new Session(options([run('parent')], 2));
    await train(session, 3);
    session.forkRun('parent', run('child'));
    const chunks = await train(session, 3);
    for (let k = 0; k < 2; k++) expect(losses(chunks, 'child', k)).toEqual(losses(chunks, 'parent', k));
    session.removeRun('child');
    expect(session.runList.map((r) => `${r.id}#${r.replica}`)).toEqual(['parent#0', 'parent#1']);
    session.dispose();
  });

  it('says which replica diverged', async () => {
    const session = new Session(options([run('wild', 'sgd', 10)], 2));
    for (let i = 0; i < 4; i++) await train(session, 10);
    const diverged = session.drainEvents().filter((e) => e.kind === 'diverged');
    expect(diverged.map((e) => (e.kind === 'diverged' ? e.replica : undefined)).sort()).toEqual([0, 1]);
    session.dispose();
  });

  it('continues every replica from a snapshot exactly', async () => {
    const configs = [run('a', 'sam'), run('b')];
    const original = new Session(options(configs, 2));
    await train(original, 3);
    const snapshot = await original.snapshot();
    const uninterrupted = await train(original, 3);
    const restored = Session.restore(options(configs, 2), snapshot, 'cpu');
    const resumed = await train(restored, 3);
    for (const id of ['a', 'b'])
      for (let k = 0; k < 2; k++) expect(losses(resumed, id, k)).toEqual(losses(uninterrupted, id, k));
    original.dispose();
    restored.dispose();
  });

  it('refuses more replicas than a session holds, with the count', () => {
    const runs = Array.from({ length: MAX_REPLICAS / 10 + 1 }, (_, i) => run(`r${i}`));
    expect(() => new Session(options(runs, 10))).toThrow(`a session trains at most ${MAX_REPLICAS} replicas`);
  });
});
