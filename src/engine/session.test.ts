import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import type { RunConfig } from '../config/schema';
import { syntheticDataset } from './data/synthetic';
import { Session } from './session';

const dataset = syntheticDataset({ trainCount: 256, testCount: 64 });
const layers = [
  { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'maxPool2d', poolSize: 2 },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
] as const;

function run(id: string, lr = 0.05): RunConfig {
  return { id, name: id, optimizer: 'sgd', hparams: { ...DEFAULT_HYPERPARAMS, lr } };
}

function session(runs: RunConfig[]): Session {
  return new Session({ dataset, layers: [...layers], batchSize: 16, seed: 3, totalSteps: 1000, evalExamples: 64, runs });
}

describe('Session', () => {
  it('keeps the number of tensors constant between step 5 and step 200, evaluations included', async () => {
    const s = session([run('a')]);
    const counts: number[] = [];
    for (let step = 1; step <= 200; step++) {
      s.trainStep();
      if (step % 5 === 0) await s.collect();
      if (step % 100 === 0) await s.evaluate();
      if (step === 5 || step === 200) counts.push(tf.memory().numTensors);
    }
    expect(counts[1]).toBe(counts[0]);
    s.dispose();
  });

  it('gives identical trajectories to identical runs in lockstep', async () => {
    const s = session([run('a'), run('b')]);
    for (let step = 0; step < 10; step++) s.trainStep();
    const [a, b] = await s.collect();
    expect(a?.values.loss).toEqual(b?.values.loss);
    expect(a?.steps).toEqual(Int32Array.from({ length: 10 }, (_, i) => i));
    s.dispose();
  });

  it('lowers the loss and raises test accuracy on separable data', async () => {
    const s = session([run('a', 0.1)]);
    const before = await s.evaluate();
    for (let step = 0; step < 60; step++) s.trainStep();
    const [chunk] = await s.collect();
    const after = await s.evaluate();
    const loss = chunk?.values.loss as Float32Array;
    expect(loss[loss.length - 1]).toBeLessThan((loss[0] as number) * 0.5);
    expect(after[0]?.testAccuracy).toBeGreaterThan(Math.max(0.9, before[0]?.testAccuracy ?? 0));
    s.dispose();
  });

  it('stops a run whose loss goes non-finite and keeps the other training', async () => {
    const s = session([run('stable'), run('wild', 10)]);
    for (let step = 0; step < 40; step++) s.trainStep();
    const chunks = await s.collect();
    const wild = s.runs.find((r) => r.config.id === 'wild');
    expect(wild?.status).toBe('diverged');
    expect(s.runs.find((r) => r.config.id === 'stable')?.status).toBe('active');
    expect(chunks.find((c) => c.runId === 'stable')?.steps.length).toBe(40);
    const wildSteps = chunks.find((c) => c.runId === 'wild')?.steps.length ?? 0;
    expect(wildSteps).toBe(wild?.divergedAtStep);
    s.dispose();
  });
});
