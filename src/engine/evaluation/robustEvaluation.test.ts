import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../config/model';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import type { RunConfig } from '../../config/schema';
import type { OptimizerName } from '../../methods/metas';
import { syntheticDataset } from '../data/synthetic';
import { evaluateRuns } from '../session/evaluation';
import { Session } from '../session/session';
import { type RobustRecord, type RobustTarget, robustEvaluation } from './robustEvaluation';
import type { RobustSettings } from './robustSettings';

const dataset = syntheticDataset({ trainCount: 256, testCount: 64 });
const layers: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'batchNorm' },
  { type: 'maxPool2d', poolSize: 2 },
  { type: 'flatten' },
  { type: 'dense', units: 4, activation: 'linear' },
];
const settings: RobustSettings = {
  attacks: ['fgsm', 'pgd', 'noise'],
  eps: [2, 8],
  pgdSteps: 3,
  sigmas: [0.05, 0.2],
  examples: 50,
  seed: 4,
};

function runConfig(id: string, optimizer: OptimizerName = 'sgd'): RunConfig {
  return { id, name: id, optimizer, hparams: { ...DEFAULT_HYPERPARAMS, lr: 0.1 } };
}

function session(ids = ['a'], optimizer: OptimizerName = 'sgd'): Session {
  const runs = ids.map((id) => runConfig(id, optimizer));
  return new Session({ dataset, layers, batchSize: 16, seed: 3, totalSteps: 1000, evalExamples: 64, runs });
}

function train(s: Session, steps: number): void {
  for (let i = 0; i < steps; i++) s.trainStep();
}

const targetsOf = (s: Session): RobustTarget[] =>
  s.runList.map((run) => ({ runId: run.id, step: run.step, model: run.model }));

/** Runs the evaluation to the end; returns its records and how many slices it yielded. */
async function complete(
  evaluation: AsyncGenerator<unknown, RobustRecord[]>,
): Promise<{ records: RobustRecord[]; slices: number }> {
  for (let slices = 0; ; slices++) {
    const next = await evaluation.next();
    if (next.done) return { records: next.value, slices };
  }
}

const accuracies = ({ clean, fgsm, pgd, noise }: RobustRecord) => ({ clean, fgsm, pgd, noise });

describe('robustEvaluation', () => {
  it('attacks runs with equal weights identically, and repeats exactly', async () => {
    const s = session(['a', 'b']);
    train(s, 30);
    const first = (await complete(robustEvaluation(targetsOf(s), dataset, settings))).records;
    const again = (await complete(robustEvaluation(targetsOf(s).slice(1), dataset, settings))).records;
    expect(first.map((r) => r.runId)).toEqual(['a', 'b']);
    expect(accuracies(first[1] as RobustRecord)).toEqual(accuracies(first[0] as RobustRecord));
    expect(accuracies(again[0] as RobustRecord)).toEqual(accuracies(first[1] as RobustRecord));
    s.dispose();
  });

  it('gives the same accuracies whatever the chunk size, since every draw belongs to its example', async () => {
    const s = session();
    train(s, 30);
    const whole = (await complete(robustEvaluation(targetsOf(s), dataset, settings, 50))).records[0];
    const pieces = (await complete(robustEvaluation(targetsOf(s), dataset, settings, 7))).records[0];
    expect(accuracies(pieces as RobustRecord)).toEqual(accuracies(whole as RobustRecord));
    s.dispose();
  });

  it('finds the clean accuracy of the test-set evaluation on the same examples', async () => {
    const s = session();
    train(s, 30);
    const [robust] = (await complete(robustEvaluation(targetsOf(s), dataset, settings))).records;
    const [clean] = await evaluateRuns(s.runList, dataset, settings.examples);
    expect(robust?.clean).toBe(clean?.testAccuracy);
    s.dispose();
  });

  it('breaks a trained model at a large ε but not under slight noise', async () => {
    const s = session();
    train(s, 60);
    const strong = { ...settings, eps: [76.5], sigmas: [0.01] }; // ε = 0.3 on the [0, 1] scale
    const [record] = (await complete(robustEvaluation(targetsOf(s), dataset, strong))).records;
    const { clean = 0, fgsm = [], pgd = [], noise = [] } = record ?? {};
    expect(clean).toBeGreaterThan(0.8);
    // PGD searches further than FGSM's one step, from the same point, so it does at least as well.
    expect(fgsm[0]).toBeLessThan(clean - 0.3);
    expect(pgd[0]).toBeLessThanOrEqual(fgsm[0] as number);
    expect(noise[0]).toBeGreaterThan(clean - 0.1);
    s.dispose();
  });

  it('counts one gradient pass for FGSM and k per ε for PGD, yielding after each', async () => {
    const s = session(['a', 'b']);
    const { records, slices } = await complete(robustEvaluation(targetsOf(s), dataset, settings, 25));
    // Per run and chunk: one forward slice, one FGSM gradient, 3 PGD steps × 2 ε. Two chunks, two runs.
    expect(slices).toBe(2 * 2 * (1 + 1 + 3 * 2));
    for (const record of records) {
      expect(record.gradientEvaluations).toBe(1 + 3 * 2);
      expect(record.ms).toBeGreaterThan(0);
      expect(record.examples).toBe(50);
    }
    s.dispose();
  });

  it('leaves weights, BatchNorm statistics, optimizer state and training bit-identical', async () => {
    const interrupted = session(['a'], 'sam');
    const uninterrupted = session(['a'], 'sam');
    train(interrupted, 5);
    train(uninterrupted, 5);
    await interrupted.collect();
    await complete(robustEvaluation(targetsOf(interrupted), dataset, settings));
    train(interrupted, 5);
    train(uninterrupted, 5);
    const [a, b] = await Promise.all([interrupted.snapshot(), uninterrupted.snapshot()]);
    expect(a.runs[0]?.values).toEqual(b.runs[0]?.values);
    expect((await interrupted.collect())[0]?.values.loss).toEqual(
      (await uninterrupted.collect())[0]?.values.loss?.subarray(5),
    );
    interrupted.dispose();
    uninterrupted.dispose();
  });

  it('frees every tensor it made, also when abandoned halfway', async () => {
    const s = session();
    const before = tf.memory().numTensors;
    await complete(robustEvaluation(targetsOf(s), dataset, settings, 10));
    expect(tf.memory().numTensors).toBe(before);
    const abandoned = robustEvaluation(targetsOf(s), dataset, settings, 10);
    for (let i = 0; i < 4; i++) await abandoned.next(); // inside the PGD steps of the first chunk
    await abandoned.return([]);
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  });

  it('refuses impossible settings, naming the field', async () => {
    const s = session();
    const run = (patch: Partial<RobustSettings>) =>
      complete(robustEvaluation(targetsOf(s), dataset, { ...settings, ...patch }));
    await expect(run({ eps: [0] })).rejects.toThrow(/eps/);
    await expect(run({ pgdSteps: 0 })).rejects.toThrow(/pgdSteps/);
    await expect(run({ examples: 0.5 })).rejects.toThrow(/examples/);
    s.dispose();
  });
});
