/**
 * Probes and the robust evaluation over seeds: every replica (run × seed) is measured, replica k of
 * two runs on the same probe batch, vectors, directions and attack starts, and training is untouched.
 */
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import { DEFAULT_PROBE_CONFIG, type ProbeRecord } from '../../config/probes';
import type { RobustRecord } from '../../config/robust';
import type { OptimizerName } from '../../methods/metas';
import { syntheticDataset } from '../data/synthetic';
import { Session } from '../session/session';
import type { SessionOptions } from '../session/sessionOptions';
import { probeRecord, SessionProbes } from './sessionProbes';

const dataset = syntheticDataset({ trainCount: 128, testCount: 32 });
const layers: LayerSpec[] = [
  { type: 'conv2d', filters: 2, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'batchNorm' },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
];
const PROBES = {
  ...DEFAULT_PROBE_CONFIG,
  kinds: ['hessian' as const, 'common' as const, 'surface' as const],
  size: 32,
  iterations: 2,
  gridSize: 3,
};

/** Runs `a` and `b` are the same method, so replica k of both has the same weights at every step. */
function options(optimizers: readonly OptimizerName[]): SessionOptions {
  return {
    dataset,
    layers,
    batchSize: 16,
    seed: 7,
    seeds: 2,
    totalSteps: 100,
    evalExamples: 32,
    robust: { attacks: ['fgsm', 'pgd', 'noise'], eps: [8], pgdSteps: 2, examples: 32, sigmas: [0.1] },
    runs: optimizers.map((optimizer, i) => ({
      id: 'ab'[i] as string,
      name: optimizer,
      optimizer,
      hparams: { ...DEFAULT_HYPERPARAMS, lr: 0.1, momentum: 0.9 },
    })),
  };
}

/** Runs every replica's probes to the end; with `training`, a step after each slice as in the worker. */
async function probeAll(probes: SessionProbes, training?: Session): Promise<ProbeRecord[]> {
  probes.requestAll(PROBES.kinds);
  const records: ProbeRecord[] = [];
  for (let update = await probes.slice(); update; update = await probes.slice()) {
    if (update.type === 'failed') throw new Error(update.message);
    if (update.type === 'finished') records.push(probeRecord(update));
    training?.trainStep();
  }
  return records;
}

const at = <T extends { runId: string; replica?: number }>(records: readonly T[], runId: string, k: number) =>
  records.filter((r) => r.runId === runId && r.replica === k);
const results = (records: readonly ProbeRecord[]) => records.map((r) => [r.kind, r.step, r.result]);
const accuracies = ({ ms: _, runId: __, ...rest }: RobustRecord) => rest;

describe('probes and robust evaluation with seeds', () => {
  it('give every replica of every run a probe record of each kind and a robust record', async () => {
    const session = new Session(options(['sgd', 'sam']));
    const probes = new SessionProbes(session, layers, PROBES, 7);
    for (let i = 0; i < 2; i++) session.trainStep();
    const job = session.startRobustEvaluation();
    const robust = (await job?.finish()) ?? [];
    const records = await probeAll(probes);
    const tags = (list: readonly { runId: string; replica?: number }[]) =>
      list.map((r) => `${r.runId}#${r.replica}`).sort();
    expect(tags(robust)).toEqual(['a#0', 'a#1', 'b#0', 'b#1']);
    for (const kind of PROBES.kinds)
      expect(tags(records.filter((r) => r.kind === kind))).toEqual(['a#0', 'a#1', 'b#0', 'b#1']);
    await Promise.all([job?.dispose(), probes.dispose(), session.collect()]);
    session.dispose();
  });

  it('measure replica k of two runs on identical data, vectors, directions and attack starts', async () => {
    const session = new Session(options(['sgd', 'sgd']));
    const probes = new SessionProbes(session, layers, PROBES, 7);
    for (let i = 0; i < 3; i++) session.trainStep();
    const job = session.startRobustEvaluation();
    const robust = (await job?.finish()) ?? [];
    const records = await probeAll(probes);
    for (const k of [0, 1]) {
      expect(results(at(records, 'b', k))).toEqual(results(at(records, 'a', k)));
      expect(at(robust, 'b', k).map(accuracies)).toEqual(at(robust, 'a', k).map(accuracies));
    }
    // The seeds themselves differ (their weights do), so the equality above is not vacuous.
    expect(results(at(records, 'a', 1))).not.toEqual(results(at(records, 'a', 0)));
    await Promise.all([job?.dispose(), probes.dispose(), session.collect()]);
    session.dispose();
  });

  it('leave the training of every replica bit-identical after probing all of them', async () => {
    const probed = new Session(options(['sgd', 'sam']));
    const plain = new Session(options(['sgd', 'sam']));
    const probes = new SessionProbes(probed, layers, PROBES, 7);
    for (let i = 0; i < 2; i++) probed.trainStep();
    const job = probed.startRobustEvaluation();
    await job?.finish();
    await probeAll(probes, probed);
    const steps = probed.tick;
    for (let i = 0; i < steps; i++) plain.trainStep();
    const values = async (s: Session) => (await s.snapshot()).runs.map((r) => r.values.map((v) => [...v]));
    expect(await values(probed)).toEqual(await values(plain));
    await Promise.all([job?.dispose(), probes.dispose(), probed.collect(), plain.collect()]);
    probed.dispose();
    plain.dispose();
  });
});
