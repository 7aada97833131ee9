/**
 * The exported PyTorch script beyond one seed of Fashion-MNIST: a second seed, the 2-D toy sets, the
 * CIFAR-10 binary format, a CSV, own IDX files and the data regime (subset, label noise, augmentation)
 * take the engine's first steps (≤1e-4 relative, float64 in the script), and the bundles import with
 * every seed. Skipped where no python3 has torch.
 */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/config/bundle';
import { TOY_DATASETS } from '../../src/config/datasets';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import type { ExperimentConfig } from '../../src/config/schema';
import { generateToy } from '../../src/engine/data/toys';
import { findTorchPython } from '../common/torchPython';
import {
  engineTrajectory,
  scriptTrajectory,
  tinyIdxDataset,
  trajectoryDifferences,
  writeScript,
} from './exportParity';
import { TORCH_TEMPLATE_PATH } from './exportTorchPaths';
import { tinyCifar10Dir, tinyCsvDir } from './tinyDatasets';

const torch = findTorchPython();
const python = torch?.python ?? 'python3';
const RTOL = 1e-4;
const ATOL = 1e-6;

const small = (config: Partial<ExperimentConfig>): ExperimentConfig => ({
  ...DEFAULT_CONFIG,
  model: 'tiny-cnn',
  batchSize: 16,
  evalExamples: 16,
  ...config,
});

/**
 * The engine (own files at `datasetPath`) and the script (`--data-dir dataDir`; with `weightsOfSeed`,
 * that seed's initial weights exported from the engine): every replica's metrics and final weights.
 */
async function compare(
  config: ExperimentConfig,
  dataDir: string,
  datasetPath?: string,
  weightsOfSeed?: number,
) {
  const engine = await engineTrajectory(config, dataDir, config.steps, datasetPath);
  const exported = weightsOfSeed === undefined ? undefined : engine.initials[weightsOfSeed - config.seed];
  const script = writeScript(dataDir, config, exported, weightsOfSeed);
  const run = scriptTrajectory(python, script, dataDir, config.steps, ['--dtype', 'float64']);
  return { engine: engine.trajectory, script: run.trajectory, bundle: run.bundle };
}

describe.skipIf(!torch)('exported PyTorch script on more data and seeds', () => {
  it('trains seed 2 of a 2-seed comparison from its exported weights as the engine does (first 5 steps, weights and metrics)', async () => {
    const config = small({ seeds: 2, steps: 5, evalEvery: 5 });
    const { engine, script, bundle } = await compare(config, tinyIdxDataset(64, 16), undefined, 2);
    expect(Object.keys(script.metrics)).toEqual([
      'sgd',
      'sgd#seed2',
      'sam',
      'sam#seed2',
      'bisam-log',
      'bisam-log#seed2',
    ]);
    expect(trajectoryDifferences(engine, script, RTOL, ATOL)).toEqual([]);
    const parsed = parseBundle(JSON.stringify(bundle));
    expect(parsed.ok && parsed.bundle.runs.map((run) => run.replicas?.map((r) => r.seed))).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
  }, 300_000);

  it('draws the same toy points as toys.ts for every toy set', () => {
    const code = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(dirname(TORCH_TEMPLATE_PATH))})`,
      'import experiment_template as t',
      `print(json.dumps({n: t.generate_toy(n, 300, 0.3, 12345)[0].reshape(-1).tolist() for n in ${JSON.stringify(TOY_DATASETS)}}))`,
    ].join('\n');
    const points = JSON.parse(execFileSync(python, ['-c', code], { encoding: 'utf8' })) as Record<
      string,
      number[]
    >;
    for (const name of TOY_DATASETS)
      expect(points[name]).toEqual([...generateToy(name, 300, 0.3, 12345).images]);
  }, 300_000);

  it('trains a toy set (spiral, mlp-2d, 2 seeds) as the engine does and writes a bundle that imports', async () => {
    const config = small({
      dataset: 'spiral',
      toyNoise: 0.1,
      model: 'mlp-2d',
      seeds: 2,
      steps: 5,
      evalEvery: 5,
    });
    const { engine, script, bundle } = await compare(config, tinyIdxDataset(16, 16));
    expect(trajectoryDifferences(engine, script, RTOL, ATOL)).toEqual([]);
    const parsed = parseBundle(JSON.stringify(bundle));
    expect(parsed.ok && parsed.warnings).toEqual([]);
    expect(parsed.ok && parsed.bundle.runs.map((run) => run.evaluations.map((e) => e.step))).toEqual([
      [0, 5],
      [0, 5],
      [0, 5],
    ]);
  }, 300_000);

  it('reads CIFAR-10 binary batches and takes the engine steps on them (2 steps)', async () => {
    const config = small({ dataset: 'cifar10:tiny', steps: 2, evalEvery: 2 });
    const dir = tinyCifar10Dir(24, 8);
    const { engine, script } = await compare(config, dir, dir);
    expect(Object.keys(script.weights)).toEqual(['sgd', 'sam', 'bisam-log']);
    expect(trajectoryDifferences(engine, script, RTOL, ATOL)).toEqual([]);
  }, 300_000);

  it('reads a CSV and own IDX files as the engine does (3 steps each)', async () => {
    const csvDir = tinyCsvDir('points.csv', 60);
    const csv = small({ dataset: 'csv:points.csv', model: 'mlp', steps: 3, evalEvery: 3 });
    const fromCsv = await compare(csv, csvDir, `${csvDir}/points.csv`);
    expect(trajectoryDifferences(fromCsv.engine, fromCsv.script, RTOL, ATOL)).toEqual([]);
    const idxDir = tinyIdxDataset(48, 16, 3);
    const fromIdx = await compare(small({ dataset: 'idx:tiny', steps: 3, evalEvery: 3 }), idxDir, idxDir);
    expect(trajectoryDifferences(fromIdx.engine, fromIdx.script, RTOL, ATOL)).toEqual([]);
  }, 300_000);

  it('applies a subset, label noise and crop+flip augmentation as the engine does (4 steps, 2 seeds)', async () => {
    const config = small({
      subset: 40,
      labelNoise: { kind: 'symmetric', rate: 0.4 },
      augment: { crop: true, flip: true },
      seeds: 2,
      steps: 4,
      evalEvery: 4,
      runs: DEFAULT_CONFIG.runs.slice(1, 2),
    });
    const { engine, script } = await compare(config, tinyIdxDataset(64, 16));
    expect(trajectoryDifferences(engine, script, RTOL, ATOL)).toEqual([]);
  }, 300_000);
});
