/**
 * The exported script under torchrun: 2 ranks (gloo on CPU) train 20 steps of a 3-method comparison and
 * rank 0 writes a bundle the page imports; with --perturb global the weights equal the single process's.
 * Skipped where no python3 has torch.
 */
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/config/bundle';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import { findTorchPython } from '../common/torchPython';
import { scriptTrajectory, tinyIdxDataset, trajectoryDifferences, writeScript } from './exportParity';
import { TORCHRUN_TWO_RANKS } from './exportTorchPaths';

const torch = findTorchPython();
const STEPS = 20;
const config = {
  ...DEFAULT_CONFIG,
  model: 'tiny-cnn' as const,
  batchSize: 16,
  steps: STEPS,
  evalEvery: 10,
  evalExamples: 16,
};

describe.skipIf(!torch)('exported PyTorch script under torchrun', () => {
  const python = torch?.python ?? 'python3';
  const dataDir = tinyIdxDataset(64, 16);
  const script = writeScript(dataDir, config);

  it('with 2 ranks and --perturb global ends at the single process weights (≤1e-5)', () => {
    const precise = ['--dtype', 'float64'];
    const single = scriptTrajectory(python, script, dataDir, STEPS, precise);
    const ranks = scriptTrajectory(
      python,
      script,
      dataDir,
      STEPS,
      [...precise, '--perturb', 'global'],
      TORCHRUN_TWO_RANKS,
    );
    const weightsOnly = (t: typeof single.trajectory) => ({ metrics: {}, weights: t.weights });
    expect(Object.keys(ranks.trajectory.weights)).toEqual(['sgd', 'sam', 'bisam-log']);
    expect(
      trajectoryDifferences(weightsOnly(single.trajectory), weightsOnly(ranks.trajectory), 1e-5, 1e-9),
    ).toEqual([]);
  }, 600_000);

  it('with 2 ranks and --perturb local writes a bundle that imports, saying PyTorch, 2 ranks, cpu', () => {
    const { bundle } = scriptTrajectory(
      python,
      script,
      dataDir,
      STEPS,
      ['--perturb', 'local'],
      TORCHRUN_TWO_RANKS,
    );
    const parsed = parseBundle(JSON.stringify(bundle));
    expect(parsed.ok && parsed.warnings).toEqual([]);
    expect(parsed.ok && parsed.bundle.runs.map((run) => run.steps.length)).toEqual([STEPS, STEPS, STEPS]);
    expect(String(bundle.environment.runtime)).toMatch(/^PyTorch .*, 2 ranks, cpu$/);
  }, 600_000);
});
