import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import { PROBE_KINDS } from '../../config/probes';
import type { OptimizerName } from '../../methods/metas';
import { syntheticDataset } from '../data/synthetic';
import { Session } from '../session/session';
import type { SessionOptions } from '../session/sessionOptions';
import { noCost, ProbeEvaluator } from './evaluator';
import { createProbeBatch } from './probeBatch';
import { ProbeQueue } from './probeQueue';
import { type ProbeSettings, runProbe } from './probes';

const dataset = syntheticDataset({ trainCount: 256, testCount: 64 });
// Conv, BatchNorm (moving statistics) and pooling: every kind of state a probe could disturb.
const layers: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'batchNorm' },
  { type: 'maxPool2d', poolSize: 2 },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
];
const SETTINGS: ProbeSettings = {
  seed: 3,
  iterations: 2,
  traceSamples: 2,
  rho: 0.05,
  mu: 1,
  alpha: 0.1,
  linePoints: 3,
  gridSize: 3,
};

function sessionOptions(): SessionOptions {
  const run = (id: string, optimizer: OptimizerName) => ({
    id,
    name: id,
    optimizer,
    hparams: { ...DEFAULT_HYPERPARAMS, lr: 0.05, momentum: 0.9 },
  });
  return {
    dataset,
    layers,
    batchSize: 16,
    seed: 3,
    totalSteps: 100,
    evalExamples: 64,
    runs: [run('a', 'sgd'), run('b', 'sam')],
  };
}

const snapshotValues = async (session: Session) =>
  (await session.snapshot()).runs.map((run) => run.values.map((values) => [...values]));

describe('probes between training steps', () => {
  it('leave every later training step bit-identical: weights, BatchNorm statistics, optimizer state', async () => {
    const probed = new Session(sessionOptions());
    const plain = new Session(sessionOptions());
    const batch = createProbeBatch(dataset, 40, SETTINGS.seed);
    const evaluator = new ProbeEvaluator(layers, dataset.imageShape, batch);
    const queue = new ProbeQueue();
    for (let i = 0; i < 2; i++) probed.trainStep();
    const [a, b] = probed.runList;
    for (const kind of PROBE_KINDS) {
      const weights = a?.model.params.map((p) => p.clone()) ?? [];
      const lineFrom = b?.model.params.map((p) => p.clone()) ?? [];
      const cost = noCost();
      const task = runProbe(kind, evaluator, { weights, lineFrom, smoothing: 0 }, SETTINGS, cost);
      queue.add({ id: kind, runId: 'a', replica: 0, kind, step: 2, settings: {} }, task, cost, [
        ...weights,
        ...lineFrom,
      ]);
    }
    // A training step after every slice: probes and training interleave as in the worker.
    const finished: string[] = [];
    while (!queue.idle) {
      const update = await queue.slice();
      if (update?.type === 'failed') throw new Error(update.message);
      if (update?.type === 'finished') finished.push(update.request.kind);
      if (probed.tick < 12) probed.trainStep();
    }
    while (probed.tick < 12) probed.trainStep();
    for (let i = 0; i < 12; i++) plain.trainStep();
    expect(finished).toEqual([...PROBE_KINDS]);
    expect(await snapshotValues(probed)).toEqual(await snapshotValues(plain));
    await Promise.all([probed.collect(), plain.collect()]);
    for (const disposable of [probed, plain, evaluator, batch]) disposable.dispose();
  });

  it('free every tensor they hold when they finish or are cancelled', async () => {
    const session = new Session(sessionOptions());
    const batch = createProbeBatch(dataset, 20, SETTINGS.seed);
    const evaluator = new ProbeEvaluator(layers, dataset.imageShape, batch);
    const queue = new ProbeQueue();
    const before = tf.memory().numTensors;
    for (const kind of ['hessian', 'surface', 'common'] as const) {
      const weights = session.runList[0]?.model.params.map((p) => p.clone()) ?? [];
      const cost = noCost();
      queue.add(
        { id: kind, runId: 'a', replica: 0, kind, step: 0, settings: {} },
        runProbe(kind, evaluator, { weights, smoothing: 0 }, SETTINGS, cost),
        cost,
        weights,
      );
    }
    await queue.slice(); // hessian finishes its first gradient
    await queue.slice();
    await queue.cancel((request) => request.kind === 'hessian');
    for (let update = await queue.slice(); update?.type !== 'finished'; update = await queue.slice()) {}
    await queue.cancel();
    expect(queue.idle).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    for (const disposable of [session, evaluator, batch]) disposable.dispose();
  });

  it("count their cost: 2k gradients' work for λ_max by double backprop, grid² forward passes for a surface", async () => {
    const session = new Session(sessionOptions());
    const batch = createProbeBatch(dataset, 20, SETTINGS.seed);
    const evaluator = new ProbeEvaluator(layers, dataset.imageShape, batch);
    const queue = new ProbeQueue();
    const spends: Record<string, { gradientEvaluations: number; forwardEvaluations: number }> = {};
    for (const kind of ['hessian', 'surface', 'common'] as const) {
      const weights = session.runList[0]?.model.params.map((p) => p.clone()) ?? [];
      const cost = noCost();
      queue.add(
        { id: kind, runId: 'a', replica: 0, kind, step: 0, settings: {} },
        runProbe(kind, evaluator, { weights, smoothing: 0 }, SETTINGS, cost),
        cost,
        weights,
      );
    }
    while (!queue.idle) {
      const update = await queue.slice();
      if (update?.type === 'finished') spends[update.request.kind] = update.spend;
    }
    expect(spends.hessian).toMatchObject({
      gradientEvaluations: 2 * SETTINGS.iterations,
      forwardEvaluations: 0,
    });
    expect(spends.surface).toMatchObject({
      gradientEvaluations: 0,
      forwardEvaluations: SETTINGS.gridSize ** 2,
    });
    // Three adversaries, each one ascent gradient and one perturbed forward pass per chunk.
    expect(spends.common).toMatchObject({ gradientEvaluations: 3, forwardEvaluations: 3 });
    for (const disposable of [session, evaluator, batch]) disposable.dispose();
  });
});
