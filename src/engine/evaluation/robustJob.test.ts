import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { syntheticDataset } from '../data/synthetic';
import { buildModel, type TrainableModel } from '../model/build';
import { assignParams, initialWeights } from '../model/init';
import { frozenCopy } from './frozenModel';
import { RobustJob } from './robustJob';
import type { RobustSettings } from './robustSettings';

const dataset = syntheticDataset({ trainCount: 16, testCount: 40 });
const layers: LayerSpec[] = [
  { type: 'conv2d', filters: 2, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'batchNorm' },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
];
const settings: RobustSettings = {
  attacks: ['fgsm', 'pgd'],
  eps: [4],
  pgdSteps: 2,
  sigmas: [0.1],
  examples: 40,
  seed: 1,
};
const build = () => buildModel(layers, dataset.imageShape, dataset.numClasses);

function seededModel(seed: number): TrainableModel {
  const model = build();
  assignParams(model, initialWeights(model, seed));
  return model;
}

const weightsOf = async (model: TrainableModel) =>
  (await Promise.all([...model.params, ...model.stateVariables].map((v) => v.data()))).map((d) => [...d]);

describe('frozenCopy', () => {
  it('keeps the weights of the moment it was made while the source changes', async () => {
    const source = seededModel(1);
    const before = await weightsOf(source);
    const frozen = frozenCopy(source, build);
    assignParams(source, initialWeights(source, 2));
    expect(await weightsOf(frozen)).toEqual(before);
    expect(await weightsOf(source)).not.toEqual(before);
    source.dispose();
    frozen.dispose();
  });
});

describe('RobustJob', () => {
  it('gives the same records in small time slices as all at once', async () => {
    const source = seededModel(3);
    const job = (id: string) =>
      new RobustJob([{ runId: id, step: 7, model: frozenCopy(source, build) }], dataset, settings);
    const sliced = job('a');
    let records: Awaited<ReturnType<RobustJob['advance']>>;
    let calls = 0;
    do {
      records = await sliced.advance(0);
      calls += 1;
    } while (!records);
    // One forward slice, one FGSM gradient and two PGD steps on the one chunk, then the readback.
    expect(calls).toBe(5);
    const wholeJob = job('a');
    const whole = await wholeJob.finish();
    await expect(wholeJob.advance(0)).rejects.toThrow(/finished already/);
    await Promise.all([sliced.dispose(), wholeJob.dispose()]);
    expect(records.map(({ ms: _, ...r }) => r)).toEqual(whole.map(({ ms: _, ...r }) => r));
    expect(records[0]?.step).toBe(7);
    source.dispose();
  });

  it('frees its frozen models and tensors when disposed halfway', async () => {
    const source = seededModel(3);
    const before = tf.memory().numTensors;
    const job = new RobustJob([{ runId: 'a', step: 0, model: frozenCopy(source, build) }], dataset, settings);
    await job.advance(0);
    await job.advance(0);
    await job.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(job.advance(0)).rejects.toThrow(/disposed/);
    source.dispose();
  });

  it('restored halfway from its structured-cloned snapshot, gives the records the original gives', async () => {
    const source = seededModel(4);
    const original = new RobustJob(
      [{ runId: 'a', replica: 1, step: 9, model: frozenCopy(source, build) }],
      dataset,
      settings,
    );
    await original.advance(0);
    const restored = RobustJob.restore(structuredClone(await original.snapshot()), dataset, build);
    const [fromOriginal, fromRestored] = await Promise.all([original.finish(), restored.finish()]);
    await Promise.all([original.dispose(), restored.dispose()]);
    expect(fromRestored.map(({ ms: _, ...r }) => r)).toEqual(fromOriginal.map(({ ms: _, ...r }) => r));
    expect(fromRestored[0]).toMatchObject({ runId: 'a', replica: 1, step: 9 });
    source.dispose();
  });

  it('refuses a snapshot whose weights do not fit the model, leaving no tensor behind', async () => {
    const source = seededModel(5);
    const job = new RobustJob([{ runId: 'a', step: 0, model: frozenCopy(source, build) }], dataset, settings);
    const snapshot = await job.snapshot();
    await job.dispose();
    const before = tf.memory().numTensors;
    const [first, ...rest] = snapshot.targets[0]?.state ?? [];
    const cut = {
      ...snapshot,
      targets: [{ runId: 'a', step: 0, state: [(first as Float32Array).subarray(1), ...rest] }],
    };
    expect(() => RobustJob.restore(cut, dataset, build)).toThrow(/do not fit the model/);
    expect(tf.memory().numTensors).toBe(before);
    source.dispose();
  });
});
