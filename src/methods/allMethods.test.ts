/** Properties every method must have, checked through the Session that drives them in the app. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../config/model';
import { DEFAULT_HYPERPARAMS, type Hyperparams } from '../config/optimizers';
import type { RunConfig } from '../config/schema';
import { syntheticDataset } from '../engine/data/synthetic';
import { Session } from '../engine/session/session';
import { OPTIMIZER_NAMES, type OptimizerName } from './metas';

const dataset = syntheticDataset({ trainCount: 128, testCount: 32 });
// Tiny, but with BatchNorm so that the snapshot/restore of its state is exercised too.
const layers: LayerSpec[] = [
  { type: 'conv2d', filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear' },
  { type: 'batchNorm' },
  { type: 'activation', activation: 'relu' },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
];

/** Every method at its defaults, plus the variants with their own code paths (ASAM, m-sharpness). */
const METHODS: [string, OptimizerName, Partial<Hyperparams>][] = [
  ['sgd with a sharpness probe', 'sgd', { sgdProbeEvery: 3 }],
  ...OPTIMIZER_NAMES.filter((name) => name !== 'sgd').map(
    (name): [string, OptimizerName, Partial<Hyperparams>] => [name, name, { ssamMaskUpdateEvery: 3 }],
  ),
  ['asam', 'sam', { adaptive: true, rho: 0.5 }],
  ['sam with m = 3 (groups 3, 3, 2)', 'sam', { m: 3 }],
  ['bisam-log with m = 4', 'bisam-log', { m: 4 }],
  [
    'gsam adaptive under a cosine schedule',
    'gsam',
    { adaptive: true, rho: 0.5, schedule: { ...DEFAULT_HYPERPARAMS.schedule, kind: 'cosine' } },
  ],
];

function session(optimizer: OptimizerName, patch: Partial<Hyperparams>, ids: string[]): Session {
  const runs: RunConfig[] = ids.map((id) => ({
    id,
    name: id,
    optimizer,
    hparams: { ...DEFAULT_HYPERPARAMS, ...patch },
  }));
  return new Session({ dataset, layers, batchSize: 8, seed: 2, totalSteps: 1000, evalExamples: 32, runs });
}

describe.each(METHODS)('%s', (_, optimizer, patch) => {
  it('gives two identical runs in lockstep identical trajectories in every metric', async () => {
    const s = session(optimizer, patch, ['a', 'b']);
    for (let step = 0; step < 6; step++) s.trainStep();
    const [a, b] = await s.collect();
    expect(Object.keys(a?.values ?? {}).length).toBeGreaterThan(2);
    expect(a?.values).toEqual(b?.values);
    // The weights moved, so equal trajectories are not just two frozen runs.
    expect(a?.values.loss?.[5]).not.toBe(a?.values.loss?.[0]);
    s.dispose();
  });

  it('continues a fork exactly like its parent (the optimizer state travels with it)', async () => {
    const s = session(optimizer, patch, ['parent']);
    for (let step = 0; step < 4; step++) s.trainStep();
    await s.collect();
    s.forkRun('parent', {
      id: 'child',
      name: 'child',
      optimizer,
      hparams: { ...DEFAULT_HYPERPARAMS, ...patch },
    });
    for (let step = 0; step < 4; step++) s.trainStep();
    const chunks = await s.collect();
    const values = (id: string) => chunks.find((c) => c.runId === id)?.values;
    expect(values('child')?.loss?.length).toBe(4);
    expect(values('child')).toEqual(values('parent'));
    s.dispose();
  });

  it('keeps the number of tensors constant over 200 steps', async () => {
    const s = session(optimizer, patch, ['a']);
    const counts: number[] = [];
    for (let step = 1; step <= 200; step++) {
      s.trainStep();
      if (step % 10 === 0) await s.collect();
      if (step === 10 || step === 200) counts.push(tf.memory().numTensors);
    }
    expect(counts[1]).toBe(counts[0]);
    s.dispose();
  });
});

describe('metric chunks', () => {
  it("keep every column aligned with the steps, NaN where SGD's probe did not run", async () => {
    const s = session('sgd', { sgdProbeEvery: 2 }, ['a']);
    for (let step = 0; step < 5; step++) s.trainStep();
    const [chunk] = await s.collect();
    const sharpness = [...(chunk?.values.sharpness ?? [])];
    expect(sharpness.map(Number.isNaN)).toEqual([false, true, false, true, false]);
    expect(chunk?.values.loss?.length).toBe(5);
    expect([...(chunk?.values.rho ?? [])]).toEqual([0.05, 0.05, 0.05, 0.05, 0.05].map(Math.fround));
    s.dispose();
  });
});
