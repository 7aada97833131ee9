import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import { DEFAULT_PROBE_CONFIG } from '../../config/probes';
import { syntheticDataset } from '../data/synthetic';
import { Session } from '../session/session';
import { probeRecord, SessionProbes } from './sessionProbes';

const dataset = syntheticDataset({ trainCount: 128, testCount: 16 });
const layers: LayerSpec[] = [{ type: 'flatten' }, { type: 'dense', units: 4, activation: 'linear' }];
const run = (id: string) => ({ id, name: id, optimizer: 'sgd' as const, hparams: DEFAULT_HYPERPARAMS });

function setup(every: number) {
  const session = new Session({
    dataset,
    layers,
    batchSize: 8,
    seed: 5,
    totalSteps: 50,
    evalExamples: 16,
    runs: [run('a'), run('b')],
  });
  const config = {
    ...DEFAULT_PROBE_CONFIG,
    every,
    kinds: ['hessian' as const],
    size: 32,
    iterations: 2,
    linePoints: 5,
  };
  return { session, probes: new SessionProbes(session, layers, config, 5) };
}

/** Runs the oldest queued probe to its end. */
async function finished(probes: SessionProbes) {
  let update = await probes.slice();
  while (update?.type === 'progress') update = await probes.slice();
  if (update?.type !== 'finished') throw new Error(`probe: ${JSON.stringify(update)}`);
  return probeRecord(update);
}

describe('session probes', () => {
  it('fire every N steps for every run, tagged with the step their weights are from', async () => {
    const { session, probes } = setup(3);
    const fired: string[] = [];
    for (let tick = 1; tick <= 7; tick++) {
      session.trainStep();
      fired.push(...probes.scheduleAt(tick).map((r) => `${r.kind}:${r.runId}@${r.step}`));
      while (!probes.idle) await probes.slice();
    }
    expect(fired).toEqual(['hessian:a@3', 'hessian:b@3', 'hessian:a@6', 'hessian:b@6']);
    await probes.dispose();
    await session.collect();
    session.dispose();
  });

  it("skip a run's scheduled probe while the same one still waits, instead of piling up", async () => {
    const { session, probes } = setup(1);
    probes.request('hessian', 'a');
    session.trainStep();
    expect(probes.scheduleAt(1).map((r) => r.runId)).toEqual(['b']);
    await probes.dispose();
    await session.collect();
    session.dispose();
  });

  it('start the line at the initial weights: flat for a run that has not trained yet', async () => {
    const { session, probes } = setup(0);
    probes.request('line', 'a');
    let update = await probes.slice();
    while (update?.type === 'progress') update = await probes.slice();
    if (update?.type !== 'finished') throw new Error(`line probe: ${JSON.stringify(update)}`);
    const record = probeRecord(update);
    if (record.kind !== 'line') throw new Error('expected a line');
    expect(record.result.from).toBe('init');
    for (const loss of record.result.loss) expect(loss).toBeCloseTo(record.result.loss[0] as number, 6);
    await probes.dispose();
    session.dispose();
  });

  it("start a run-to-run line at the other run's current weights and record that run as its start", async () => {
    const { session, probes } = setup(0);
    for (let tick = 0; tick < 5; tick++) session.trainStep();
    await session.collect();
    probes.request('line', 'a');
    probes.request('line', 'b', { runId: 'a' });
    const [fromInit, fromRun] = [await finished(probes), await finished(probes)];
    if (fromInit.kind !== 'line' || fromRun.kind !== 'line') throw new Error('expected two lines');
    expect(fromRun.result.from).toBe('a');
    // t = 0 of a → b is a's weights, which are t = 1 of init → a (exactly: 1·w + 0·w').
    expect(fromRun.result.loss[1]).toBe(fromInit.result.loss[3]);
    expect(fromRun.result.loss[1]).not.toBe(fromInit.result.loss[1]);
    await probes.dispose();
    session.dispose();
  });

  it("start the scheduled lines at the settings' lineFrom run, except its own and when that run is gone", async () => {
    const { session, probes } = setup(0);
    const starts = (lineFrom: string) => {
      probes.configure({ ...probes.config, kinds: ['line'], lineFrom });
      return probes.requestAll(['line']).map((r) => `${r.runId}←${r.lineFrom}`);
    };
    expect(starts('a')).toEqual(['a←init', 'b←a']);
    while (!probes.idle) await probes.slice();
    expect(starts('gone')).toEqual(['a←init', 'b←init']);
    await probes.dispose();
    session.dispose();
  });

  it('apply new settings to the probes requested after them, and free the old probe batch', async () => {
    const { session, probes } = setup(0);
    const tensors = tf.memory().numTensors;
    probes.request('hessian', 'a');
    probes.configure({ ...probes.config, size: 16, iterations: 3 });
    probes.request('hessian', 'a');
    const [before, after] = [await finished(probes), await finished(probes)];
    if (before.kind !== 'hessian' || after.kind !== 'hessian') throw new Error('expected λ_max');
    expect([before.result.perIteration.length, after.result.perIteration.length]).toEqual([2, 3]);
    expect(tf.memory().numTensors).toBe(tensors);
    await probes.dispose();
    session.dispose();
  });

  it('record the settings each probe was measured with: a mid-run change of P shows in the records', async () => {
    const { session, probes } = setup(0);
    probes.request('hessian', 'a');
    probes.configure({ ...probes.config, size: 16, rho: 0.2 });
    probes.request('hessian', 'a');
    probes.request('common', 'a');
    // P beyond the training set probes all of it, and says so.
    probes.configure({ ...probes.config, size: 4096 });
    probes.request('line', 'a');
    const records = [await finished(probes), await finished(probes), await finished(probes)];
    records.push(await finished(probes));
    expect(records.map((r) => [r.kind, r.settings])).toEqual([
      ['hessian', { size: 32, iterations: 2 }],
      ['hessian', { size: 16, iterations: 2 }],
      ['common', { size: 16, rho: 0.2, mu: DEFAULT_PROBE_CONFIG.mu, alpha: DEFAULT_PROBE_CONFIG.alpha }],
      ['line', { size: dataset.train.count, linePoints: 5 }],
    ]);
    await probes.dispose();
    session.dispose();
  });

  it('refuse an unknown run, naming it', async () => {
    const { session, probes } = setup(0);
    expect(() => probes.request('hessian', 'nope')).toThrow('no run with id "nope" to probe');
    await probes.dispose();
    session.dispose();
  });
});
