import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import type { RunConfig } from '../../config/schema';
import { syntheticDataset } from '../data/synthetic';
import { Session } from './session';
import type { SessionOptions } from './sessionOptions';

const dataset = syntheticDataset({ trainCount: 256, testCount: 64 });
const layers: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'batchNorm' },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
];

const run = (id: string, optimizer: RunConfig['optimizer'] = 'sgd'): RunConfig => ({
  id,
  name: id,
  optimizer,
  hparams: { ...DEFAULT_HYPERPARAMS, lr: 0.1 },
});

// Slices of batchSize × runs = 8 × 2 = 16 examples: the 64 test examples take four ticks.
const options: SessionOptions = {
  dataset,
  layers,
  batchSize: 8,
  seed: 5,
  totalSteps: 100,
  evalExamples: 64,
  runs: [run('a'), run('b', 'sam')],
};

describe('the step-0 evaluation in slices', () => {
  it('gives every run the numbers of a whole evaluation before the first step, one slice per tick', async () => {
    const whole = new Session(options);
    const expected = await whole.evaluate();
    whole.dispose();
    const sliced = new Session(options);
    sliced.beginInitialEvaluation();
    let ticks = 0;
    let records: Awaited<ReturnType<Session['evaluate']>> = [];
    while (records.length === 0) {
      sliced.trainStep();
      ticks += 1;
      records = await sliced.advanceInitialEvaluation();
    }
    expect(ticks).toBe(4);
    expect(records.map((r) => [r.runId, r.step])).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    records.forEach((record, i) => {
      expect(record.testLoss).toBeCloseTo(expected[i]?.testLoss as number, 5);
      expect(record.confusion).toEqual(expected[i]?.confusion);
    });
    sliced.dispose();
  });

  it('completes before a later evaluation, so the records stay in step order', async () => {
    const session = new Session(options);
    session.beginInitialEvaluation();
    session.trainStep();
    expect(await session.advanceInitialEvaluation()).toEqual([]);
    expect(session.initialEvaluationProgress).toEqual({ done: 16, total: 64 });
    const records = await session.evaluate();
    expect(records.map((r) => r.step)).toEqual([0, 0, 1, 1]);
    expect(session.initialEvaluationProgress).toBeUndefined();
    session.dispose();
  });

  it('frees its model and sums when the session ends halfway through it', async () => {
    const before = tf.memory().numTensors;
    const session = new Session(options);
    session.beginInitialEvaluation();
    session.trainStep();
    await session.advanceInitialEvaluation();
    await session.collect();
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
