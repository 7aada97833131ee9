/**
 * What an exported script's evaluations add under a data regime, against the engine's on the same
 * experiment, replica by replica: the memorisation accuracies under label noise and the decision
 * boundary of 2-D data. Both are counts of argmax decisions, so they must agree exactly (the script in
 * float64, the engine in float32). Skipped where no python3 has torch.
 */
import { describe, expect, it } from 'vitest';
import { type Bundle, parseBundle } from '../../src/config/bundle';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import type { EvaluationRecord } from '../../src/config/metrics';
import type { ExperimentConfig } from '../../src/config/schema';
import { findTorchPython } from '../common/torchPython';
import { engineTrajectory, float64ScriptBundle, replicaKey, tinyIdxDataset } from './exportParity';

const torch = findTorchPython();
const STEPS = 3;

const small = (config: Partial<ExperimentConfig>): ExperimentConfig => ({
  ...DEFAULT_CONFIG,
  model: 'tiny-cnn',
  runs: DEFAULT_CONFIG.runs.slice(0, 2),
  batchSize: 16,
  evalExamples: 16,
  seeds: 2,
  steps: STEPS,
  evalEvery: STEPS,
  ...config,
});

/** The engine's and the script's evaluation of every replica after the last step, as plain data. */
async function lastEvaluations(config: ExperimentConfig, dataDir: string) {
  const engine = await engineTrajectory(config, dataDir, STEPS);
  const bundle = float64ScriptBundle(torch?.python ?? 'python3', dataDir, config, STEPS);
  const parsed = parseBundle(JSON.stringify(bundle));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const scripted = (b: Bundle) =>
    Object.fromEntries(
      b.runs.flatMap((run) =>
        (run.replicas ?? [{ ...run, seed: config.seed }]).map((r) => [
          replicaKey(run.id, r.seed - config.seed, config.seed),
          r.evaluations.at(-1),
        ]),
      ),
    );
  return { engine: engine.evaluations, script: scripted(parsed.bundle) };
}

describe.skipIf(!torch)('exported PyTorch script: memorisation and decision boundaries', () => {
  it("measures every replica's noisy-labelled examples against their true and noisy labels as the engine does", async () => {
    // 40% of 192 labels flipped: the first 48 noisy examples are measured (E = 48).
    const config = small({ labelNoise: { kind: 'symmetric', rate: 0.4 }, evalExamples: 48 });
    const { engine, script } = await lastEvaluations(config, tinyIdxDataset(192, 16));
    const memorised = (e: Partial<EvaluationRecord> | undefined) => [
      e?.noisyTrueAccuracy,
      e?.noisyLabelAccuracy,
    ];
    expect(Object.keys(script).sort()).toEqual(Object.keys(engine).sort());
    for (const [key, record] of Object.entries(engine)) {
      expect(typeof record.noisyTrueAccuracy, key).toBe('number');
      expect(memorised(script[key]), key).toEqual(memorised(record));
    }
  }, 300_000);

  it("draws every replica's decision boundary of a toy set cell for cell as the engine does", async () => {
    const config = small({ dataset: 'spiral', toyNoise: 0.1, model: 'mlp-2d' });
    const { engine, script } = await lastEvaluations(config, tinyIdxDataset(16, 16));
    expect(Object.keys(script).sort()).toEqual(Object.keys(engine).sort());
    for (const [key, record] of Object.entries(engine)) {
      expect(record.boundary?.length, key).toBeGreaterThan(0);
      expect(script[key]?.boundary, key).toEqual(record.boundary);
    }
    // A boundary, not one class everywhere, in at least one replica (seed 2 after 3 steps: about 340 of 2304 cells).
    const classesDrawn = Object.values(engine).map((record) => new Set(record.boundary).size);
    expect(Math.max(...classesDrawn)).toBe(2);
  }, 300_000);
});
