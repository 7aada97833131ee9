import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import type { RobustConfig } from '../../config/robust';
import { syntheticDataset } from '../data/synthetic';
import { Session } from './session';

const dataset = syntheticDataset({ trainCount: 128, testCount: 40 });
const layers: LayerSpec[] = [
  { type: 'conv2d', filters: 2, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'batchNorm' },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
];
const robust: RobustConfig = { attacks: ['fgsm', 'pgd'], eps: [8], pgdSteps: 2, examples: 40, sigmas: [0.1] };

function session(withRobust = true): Session {
  const runs = ['a', 'b'].map((id) => ({
    id,
    name: id,
    optimizer: 'sgd' as const,
    hparams: { ...DEFAULT_HYPERPARAMS, lr: 0.1 },
  }));
  return new Session({
    dataset,
    layers,
    batchSize: 16,
    seed: 5,
    totalSteps: 1000,
    evalExamples: 40,
    runs,
    ...(withRobust ? { robust } : {}),
  });
}

const withoutTime = <T extends { ms: number }>(records: T[]) => records.map(({ ms: _, ...rest }) => rest);

describe('Session robust evaluation', () => {
  it('attacks the weights of the step it started at while training goes on', async () => {
    const interleaved = session();
    const still = session();
    for (const s of [interleaved, still]) for (let i = 0; i < 10; i++) s.trainStep();
    const job = interleaved.startRobustEvaluation();
    const reference = still.startRobustEvaluation();
    let records: Awaited<ReturnType<NonNullable<typeof job>['advance']>>;
    do {
      interleaved.trainStep();
      records = await job?.advance(0);
    } while (!records);
    const expected = (await reference?.finish()) ?? [];
    expect(records.map((r) => r.step)).toEqual([10, 10]);
    expect(withoutTime(records)).toEqual(withoutTime(expected));
    expect(interleaved.tick).toBeGreaterThan(10);
    await Promise.all([job?.dispose(), reference?.dispose()]);
    interleaved.dispose();
    still.dispose();
  });

  it('has nothing to start without robust settings', () => {
    const s = session(false);
    expect(s.startRobustEvaluation()).toBeUndefined();
    s.dispose();
  });

  it('keeps the number of tensors flat over repeated robust evaluations', async () => {
    const s = session();
    const counts: number[] = [];
    for (let round = 0; round < 3; round++) {
      s.trainStep();
      await s.collect();
      const job = s.startRobustEvaluation();
      await job?.finish();
      await job?.dispose();
      counts.push(tf.memory().numTensors);
    }
    expect(counts[2]).toBe(counts[0]);
    s.dispose();
  });
});
