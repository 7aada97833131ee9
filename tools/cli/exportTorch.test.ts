/**
 * The exported PyTorch script takes the engine's steps: with the engine's initial weights and the app's
 * batch order reproduced in Python, 5 steps on tiny data give the same per-step metrics and weights
 * (≤1e-4 relative) for the default comparison and for every method. Skipped where no python3 has torch.
 */
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

/** The default comparison (from the script's own seeded initialisation) and every method (from exported weights). */
const GROUPS: { name: string; config: ExperimentConfig; exportWeights: boolean }[] = [
  // The default comparison's runs and knobs on the tiny CNN: the small CNN takes minutes on a loaded CPU.
  { name: 'the default comparison', config: small({ model: 'tiny-cnn' }), exportWeights: false },
  ...[OPTIMIZER_NAMES.slice(0, 5), OPTIMIZER_NAMES.slice(5)].map((names, i) => ({
    name: `methods ${names.join(', ')}`,
    config: small({ model: 'tiny-cnn' as const, runs: names.map(method), seed: 11 + i }),
    exportWeights: true,
  })),
];

describe.skipIf(!torch)('exported PyTorch script vs the engine', () => {
  let dataDir = '';
  beforeAll(() => {
    dataDir = tinyIdxDataset(64, 16);
  });

  for (const { name, config, exportWeights } of GROUPS) {
    const how = exportWeights ? 'from exported weights' : 'from its own seeded initialisation';
    it(`takes the engine's first ${STEPS} steps for ${name}, ${how} (weights and metrics within ${RTOL} relative)`, async () => {
      const engine = await engineTrajectory(config, dataDir, STEPS);
      const script = writeScript(dataDir, config, exportWeights ? engine.initial : undefined);
      const python = scriptTrajectory(torch?.python ?? 'python3', script, dataDir, STEPS, [
        '--dtype',
        'float64',
      ]);
      expect(Object.keys(python.trajectory.metrics)).toEqual(config.runs.map((run) => run.id));
      expect(trajectoryDifferences(engine.trajectory, python.trajectory, RTOL, ATOL)).toEqual([]);
    }, 300_000);
  }
});

describe('trajectoryDifferences', () => {
  const base = { metrics: { a: [{ loss: 2, accuracy: 0.5 }] }, weights: { a: [[0.25, -1]] } };
  it('finds a metric or a weight 2e-4 off, and nothing in an equal copy', () => {
    expect(trajectoryDifferences(base, structuredClone(base), RTOL, ATOL)).toEqual([]);
    const metric = { ...base, metrics: { a: [{ loss: 2 * (1 + 2e-4), accuracy: 0.5 }] } };
    expect(trajectoryDifferences(base, metric, RTOL, ATOL)).toEqual(['a step 0 loss: 2 vs 2.0004']);
    const weight = { ...base, weights: { a: [[0.25, -1.0002]] } };
    expect(trajectoryDifferences(base, weight, RTOL, ATOL)).toEqual(['a weights[0][1]: -1 vs -1.0002']);
  });
});
