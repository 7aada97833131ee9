import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
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
  { type: 'batchNorm' },
  { type: 'maxPool2d', poolSize: 2 },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
];

function run(id: string, lr = 0.05, optimizer: OptimizerName = 'sgd'): RunConfig {
  return { id, name: id, optimizer, hparams: { ...DEFAULT_HYPERPARAMS, lr } };
}

function options(runs: RunConfig[], totalSteps = 1000): SessionOptions {
  return { dataset, layers, batchSize: 16, seed: 3, totalSteps, evalExamples: 64, runs };
}

async function train(session: Session, steps: number): Promise<MetricChunk[]> {
  for (let i = 0; i < steps; i++) session.trainStep();
  return session.collect();
}

const lossesOf = (chunks: MetricChunk[], runId: string) => [
  ...(chunks.find((c) => c.runId === runId)?.values.loss ?? []),
];

describe('Session', () => {
  it('gives identical trajectories to identical runs in lockstep, SAM included', async () => {
    const session = new Session(options([run('a', 0.05, 'sam'), run('b', 0.05, 'sam')]));
    const chunks = await train(session, 8);
    expect(lossesOf(chunks, 'a')).toHaveLength(8);
    expect(lossesOf(chunks, 'b')).toEqual(lossesOf(chunks, 'a'));
    session.dispose();
  });

  it('continues a fork exactly like its parent when nothing changes', async () => {
    const session = new Session(options([run('parent')]));
    await train(session, 5);
    session.forkRun('parent', run('child'));
    expect(session.drainEvents()).toEqual([
      { kind: 'runAdded', runId: 'child', step: 5, parentId: 'parent' },
    ]);
    const chunks = await train(session, 5);
    expect(chunks.find((c) => c.runId === 'child')?.steps).toEqual(Int32Array.from([5, 6, 7, 8, 9]));
    expect(lossesOf(chunks, 'child')).toEqual(lossesOf(chunks, 'parent'));
    session.dispose();
  });

  it('starts an added run from the initial weights at step 0 on the same batches', async () => {
    const session = new Session(options([run('first')]));
    const early = await train(session, 3);
    session.addRun(run('late'));
    const chunks = await train(session, 3);
    expect(chunks.find((c) => c.runId === 'late')?.steps).toEqual(Int32Array.from([0, 1, 2]));
    expect(lossesOf(chunks, 'late')).toEqual(lossesOf(early, 'first'));
    session.dispose();
  });

  it('applies a hyperparameter change from exactly the next step and records it', async () => {
    const session = new Session(options([run('a', 0.05)]));
    await train(session, 5);
    session.updateHyperparams('a', { lr: 0.01 });
    expect(session.drainEvents()).toEqual([
      { kind: 'hyperparams', runId: 'a', step: 5, key: 'lr', from: 0.05, to: 0.01 },
    ]);
    const chunk = (await train(session, 2))[0];
    expect(chunk?.steps[0]).toBe(5);
    expect(chunk?.values.lr?.[0]).toBeCloseTo(0.01, 8);
    session.dispose();
  });

  it('refuses an invalid hyperparameter and leaves the run unchanged', async () => {
    const session = new Session(options([run('a', 0.05)]));
    expect(() => session.updateHyperparams('a', { lr: Number.NaN })).toThrow(/lr/);
    expect(() => session.updateHyperparams('a', { momentum: -1 })).toThrow(/momentum/);
    expect(session.runList[0]?.hparams.lr).toBe(0.05);
    expect(session.drainEvents()).toEqual([]);
    session.dispose();
  });

  it('stops a diverging run at its step and keeps the other training', async () => {
    const session = new Session(options([run('stable'), run('wild', 10)]));
    const chunks = [...(await train(session, 20)), ...(await train(session, 20))];
    const wild = session.runList.find((r) => r.id === 'wild');
    expect(wild?.phase).toBe('diverged');
    expect(session.runList.find((r) => r.id === 'stable')?.phase).toBe('active');
    expect(chunks.filter((c) => c.runId === 'stable').reduce((n, c) => n + c.steps.length, 0)).toBe(40);
    const wildSteps = chunks.filter((c) => c.runId === 'wild').flatMap((c) => [...c.steps]);
    expect(wildSteps).toEqual(Array.from({ length: wild?.divergedAtStep ?? -1 }, (_, i) => i));
    expect(session.drainEvents()).toContainEqual(
      expect.objectContaining({ kind: 'diverged', runId: 'wild' }),
    );
    session.dispose();
  });

  it('continues from a snapshot exactly as without the interruption', async () => {
    const configs = [run('a', 0.05, 'sam'), run('b', 0.1)];
    const original = new Session(options(configs));
    await train(original, 4);
    const snapshot = await original.snapshot();
    const uninterrupted = await train(original, 3);
    const restored = Session.restore(options(configs), snapshot, 'cpu');
    expect(restored.drainEvents()).toContainEqual({
      kind: 'restored',
      runId: 'a',
      step: 4,
      backend: 'cpu',
      robustFrom: 5,
    });
    const resumed = await train(restored, 3);
    for (const id of ['a', 'b']) expect(lossesOf(resumed, id)).toEqual(lossesOf(uninterrupted, id));
    original.dispose();
    restored.dispose();
  });

  it('evaluates with a confusion matrix whose diagonal gives the accuracy', async () => {
    const session = new Session(options([run('a', 0.1)]));
    await train(session, 40);
    const [record] = await session.evaluate();
    const confusion = record?.confusion ?? [];
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(64);
    const diagonal = confusion.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
    expect(record?.testAccuracy).toBeCloseTo(diagonal / 64, 6);
    expect(record?.perClassAccuracy).toHaveLength(4);
    session.dispose();
  });

  it('keeps the number of tensors flat over 200 steps with forks, removals, evaluations and snapshots', async () => {
    const session = new Session(options([run('a'), run('b', 0.05, 'bisam-log')]));
    const counts: number[] = [];
    for (let step = 1; step <= 200; step++) {
      session.trainStep();
      if (step % 10 === 0) await session.collect();
      if (step % 50 === 0) await session.evaluate();
      if (step === 60) session.forkRun('a', run('fork'));
      if (step === 120) session.removeRun('fork');
      if (step % 40 === 0) await session.snapshot();
      if (step === 10 || step === 200) counts.push(tf.memory().numTensors);
    }
    expect(counts[1]).toBe(counts[0]);
    session.dispose();
  });

  it('marks runs done at the configured length', async () => {
    const session = new Session(options([run('a')], 6));
    await train(session, 10);
    expect(session.runList[0]?.step).toBe(6);
    expect(session.activeRuns).toEqual([]);
    session.dispose();
  });
});
