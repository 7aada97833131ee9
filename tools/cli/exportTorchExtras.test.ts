/**
 * The evaluation extras of an exported script: its robust records (FGSM, PGD, noise) and its λ_max probe
 * records equal the engine's on the same weights, and the bundle carrying them imports. Skipped where no
 * python3 has torch.
 */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/config/bundle';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import { DEFAULT_PROBE_CONFIG, type ProbeRecord } from '../../src/config/probes';
import type { RobustRecord } from '../../src/config/robust';
import type { ExperimentConfig } from '../../src/config/schema';
import { gaussianNoise, pgdStartDirections } from '../../src/engine/evaluation/attackNoise';
import { robustEvaluation } from '../../src/engine/evaluation/robustEvaluation';
import { ROBUST_STREAM } from '../../src/engine/evaluation/robustSettings';
import { deriveSeed } from '../../src/engine/random';
import { sessionOptionsFor } from '../../src/engine/session/fromConfig';
import { Session } from '../../src/engine/session/session';
import { loadDataset } from '../common/nodeData';
import { findTorchPython } from '../common/torchPython';
import { engineProbeRecords, float64ScriptBundle, tinyIdxDataset } from './exportParity';
import { TORCH_TEMPLATE_PATH } from './exportTorchPaths';

const torch = findTorchPython();
const STEPS = 2;
const config: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  model: 'tiny-cnn',
  batchSize: 16,
  steps: STEPS,
  evalEvery: STEPS,
  evalExamples: 16,
  seeds: 2,
  robust: { attacks: ['fgsm', 'pgd', 'noise'], eps: [2, 8], pgdSteps: 3, examples: 16, sigmas: [0.1, 0.3] },
  probes: { ...DEFAULT_PROBE_CONFIG, every: 0, kinds: ['hessian'], size: 32, iterations: 6 },
};

/** The engine's robust records and λ_max of every run after `STEPS` steps. */
async function engineExtras(dataDir: string) {
  const options = sessionOptionsFor(config, await loadDataset({ dataset: config.dataset, dataDir }));
  const session = new Session({ ...options, totalSteps: STEPS });
  for (let i = 0; i < STEPS; i++) session.trainStep();
  const targets = session.runList.map((run) => ({
    runId: run.id,
    replica: run.replica,
    step: STEPS,
    model: run.model,
  }));
  const robust = {
    ...(config.robust as NonNullable<ExperimentConfig['robust']>),
    seed: deriveSeed(config.seed, ROBUST_STREAM),
  };
  const job = robustEvaluation(targets, options.dataset, robust);
  let next = await job.next();
  while (!next.done) next = await job.next();
  const records = await engineProbeRecords(
    session,
    options.layers,
    config.probes as NonNullable<ExperimentConfig['probes']>,
    config.seed,
  );
  const lambdaMax = Object.fromEntries(
    records.flatMap((r) =>
      r.kind === 'hessian' ? [[`${r.runId}:${r.replica ?? 0}`, r.result.lambdaMax]] : [],
    ),
  );
  session.dispose();
  return { robust: next.value, lambdaMax };
}

describe.skipIf(!torch)('exported PyTorch script: robust evaluation and λ_max', () => {
  it('draws the PGD starts and the Gaussian noise of attackNoise.ts, example by example', () => {
    const code = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(dirname(TORCH_TEMPLATE_PATH))})`,
      'import experiment_template as t',
      'print(json.dumps([t.pgd_start_directions(77, 3, 5).reshape(-1).tolist(), t.gaussian_noise(77, 3, 5).reshape(-1).tolist()]))',
    ].join('\n');
    const [starts, noise] = JSON.parse(
      execFileSync(torch?.python ?? 'python3', ['-c', code], { encoding: 'utf8' }),
    );
    expect(starts).toEqual([...pgdStartDirections(77, 0, 3, 5)]);
    expect(noise).toEqual([...gaussianNoise(77, 0, 3, 5)]);
  }, 300_000);

  it('writes the engine robust accuracies and λ_max (≤1e-4 relative) into a bundle that imports', async () => {
    const dataDir = tinyIdxDataset(64, 16);
    const engine = await engineExtras(dataDir);
    const bundle = float64ScriptBundle(torch?.python ?? 'python3', dataDir, config, STEPS);
    const parsed = parseBundle(JSON.stringify(bundle));
    expect(parsed.ok && parsed.warnings).toEqual([]);
    const key = (r: { runId: string; replica?: number }) => `${r.runId}:${r.replica ?? 0}`;
    const accuracies = (r: RobustRecord) => [
      key(r),
      { clean: r.clean, fgsm: r.fgsm, pgd: r.pgd, noise: r.noise },
    ];
    const robustAt = (step: number) =>
      Object.fromEntries(
        bundle.events.flatMap((e) => (e.kind === 'robust' && e.step === step ? [accuracies(e.record)] : [])),
      );
    expect(Object.keys(robustAt(0))).toHaveLength(6);
    expect(robustAt(STEPS)).toEqual(Object.fromEntries(engine.robust.map(accuracies)));
    const probes = bundle.events.flatMap((e) => (e.kind === 'probe' ? [e.record as ProbeRecord] : []));
    expect(probes.map((p) => [key(p), p.step, p.kind]).sort()).toEqual(
      Object.keys(engine.lambdaMax)
        .map((id) => [id, STEPS, 'hessian'])
        .sort(),
    );
    for (const probe of probes) {
      const expected = engine.lambdaMax[key(probe)] as number;
      const lambda = probe.kind === 'hessian' ? probe.result.lambdaMax : Number.NaN;
      expect(Math.abs(lambda - expected)).toBeLessThanOrEqual(1e-4 * Math.abs(expected));
    }
  }, 300_000);
});
