/**
 * The exported PyTorch script takes the engine's steps: with the engine's initial weights and the app's
 * batch order reproduced in Python, 5 steps on tiny data give the same per-step metrics and weights
 * (≤1e-4 relative) for the default comparison and for every method. Skipped where no python3 has torch.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import { DEFAULT_HYPERPARAMS } from '../../src/config/optimizers';
import type { ExperimentConfig, RunConfig } from '../../src/config/schema';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../src/methods/metas';
import { findTorchPython } from '../common/torchPython';
import {
  engineTrajectory,
  scriptTrajectory,
  tinyIdxDataset,
  trajectoryDifferences,
  writeScript,
} from './exportParity';

const torch = findTorchPython();
const STEPS = 5;
const RTOL = 1e-4;
/** Below float32 resolution of the metrics' scale (accuracy steps are 1/16). */
const ATOL = 1e-6;

/** Every method once, with the knobs that change its maths switched on somewhere (ASAM, m, schedules, smoothing). */
const KNOBS: Partial<Record<OptimizerName, Partial<RunConfig['hparams']>>> = {
  sgd: { sgdProbeEvery: 2, nesterov: true, labelSmoothing: 0.1 },
  sam: { m: 4, rho: 0.1 },
  'bisam-tanh': { adaptive: true, rho: 0.5, bisamMu: 2 },
  'bisam-log': {
    labelSmoothing: 0.1,
    schedule: { kind: 'cosine', floor: 0.1, every: 1000, factor: 0.1, warmupSteps: 0 },
  },
  gsam: { schedule: { kind: 'cosine', floor: 0, every: 1000, factor: 0.1, warmupSteps: 1 } },
  'ssam-f': { ssamFisherSamples: 4, ssamMaskUpdateEvery: 2 },
  'ssam-d': { ssamMaskUpdateEvery: 2 },
};

const method = (name: OptimizerName): RunConfig => ({
  id: name,
  name,
  optimizer: name,
  hparams: { ...DEFAULT_HYPERPARAMS, lr: 0.1, ...KNOBS[name] },
});

const small = (config: Partial<ExperimentConfig>): ExperimentConfig => ({
  ...DEFAULT_CONFIG,
  batchSize: 16,
  steps: STEPS,
  evalExamples: 16,
  evalEvery: STEPS,
  ...config,
});

const CASES: { name: string; config: ExperimentConfig }[] = [
  { name: 'the default comparison', config: small({}) },
  ...OPTIMIZER_NAMES.map((name) => ({
    name,
    config: small({ model: 'tiny-cnn', runs: [method(name)], seed: 11 }),
  })),
];

describe.skipIf(!torch)('exported PyTorch script vs the engine', () => {
  let dataDir = '';
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dataDir = tinyIdxDataset(64, 16);
  });

  for (const { name, config } of CASES) {
    it(`takes the engine's first ${STEPS} steps for ${name} (weights and metrics within ${RTOL} relative)`, async () => {
      const engine = await engineTrajectory(config, dataDir, STEPS);
      const script = writeScript(dataDir, config, engine.initial);
      const python = scriptTrajectory(torch?.python ?? 'python3', script, dataDir, STEPS, [
        '--dtype',
        'float64',
      ]);
      expect(trajectoryDifferences(engine.trajectory, python.trajectory, RTOL, ATOL)).toEqual([]);
    }, 120_000);
  }

  it("starts from the app's own seeded initialisation without exported weights", async () => {
    const config = small({ model: 'tiny-cnn', runs: [method('sgd')] });
    const engine = await engineTrajectory(config, dataDir, 1);
    const script = writeScript(dataDir, config);
    const python = scriptTrajectory(torch?.python ?? 'python3', script, dataDir, 1, ['--dtype', 'float64']);
    expect(trajectoryDifferences(engine.trajectory, python.trajectory, RTOL, ATOL)).toEqual([]);
  }, 120_000);

  it('notices a changed learning rate (the comparison can fail)', async () => {
    const config = small({ model: 'tiny-cnn', runs: [method('sam')] });
    const engine = await engineTrajectory(config, dataDir, 2);
    const changed = {
      ...config,
      runs: [{ ...method('sam'), hparams: { ...method('sam').hparams, lr: 0.101 } }],
    };
    const script = writeScript(dataDir, changed, engine.initial);
    const python = scriptTrajectory(torch?.python ?? 'python3', script, dataDir, 2, ['--dtype', 'float64']);
    expect(trajectoryDifferences(engine.trajectory, python.trajectory, RTOL, ATOL).length).toBeGreaterThan(0);
  }, 120_000);
});

describe.skipIf(torch)('exported PyTorch script vs the engine', () => {
  it.skip('skipped: no python3 with torch (apt-get install python3-torch)', () => {});
});
