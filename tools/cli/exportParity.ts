/**
 * The exported PyTorch script against the engine on the same experiment: a tiny seeded IDX dataset in a
 * temporary folder, the engine's Session for a few steps, then the generated script (with the session's
 * initial weights as `--weights`) on the same data, and every per-step metric and final weight compared.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import type { Bundle } from '../../src/config/bundle';
import type { EvaluationRecord } from '../../src/config/metrics';
import type { LayerSpec } from '../../src/config/model';
import type { ProbeConfig, ProbeRecord } from '../../src/config/probes';
import type { ExperimentConfig } from '../../src/config/schema';
import { FASHION_MNIST } from '../../src/engine/data/dataset';
import { encodeIdx } from '../../src/engine/data/idx';
import { probeRecord, SessionProbes } from '../../src/engine/probes/sessionProbes';
import { createRng } from '../../src/engine/random';
import { sessionOptionsFor } from '../../src/engine/session/fromConfig';
import { Session } from '../../src/engine/session/session';
import { torchScript } from '../../src/export/torchScript';
import { loadDataset } from '../common/nodeData';
import { TORCH_TEMPLATE_PATH } from './exportTorchPaths';

/** A Fashion-MNIST-shaped dataset of seeded noise with the app's file names, in a new temporary folder. */
export function tinyIdxDataset(train: number, test: number, seed = 7): string {
  const dir = mkdtempSync(join(tmpdir(), 'torch-export-'));
  const rng = createRng(seed);
  const bytes = (n: number, high: number) => Uint8Array.from({ length: n }, () => Math.floor(rng() * high));
  const { files } = FASHION_MNIST;
  const write = (name: string, shape: number[], high: number) =>
    writeFileSync(
      join(dir, name),
      gzipSync(
        encodeIdx(
          shape,
          bytes(
            shape.reduce((a, b) => a * b, 1),
            high,
          ),
        ),
      ),
    );
  write(files.trainImages, [train, 28, 28], 256);
  write(files.trainLabels, [train], 10);
  write(files.testImages, [test, 28, 28], 256);
  write(files.testLabels, [test], 10);
  return dir;
}

export interface Trajectory {
  /** Per run id: per step, metric → value (NaN where not measured). */
  metrics: Record<string, Record<string, number>[]>;
  /** Per run id: final weights, tfjs layouts, flattened. */
  weights: Record<string, number[][]>;
}

/** Trajectory key of a run's replica: the run id for the first seed, `id#seedS` for the others (as the script's --weights-out). */
export const replicaKey = (runId: string, replica: number, seed: number) =>
  replica === 0 ? runId : `${runId}#seed${seed + replica}`;

/**
 * The engine's trajectory of `config` over `steps` steps on the data of `dataDir` (shipped IDX names)
 * or `datasetPath` (own files), with its regime, augmentation and seeds; replica 0's initial weights;
 * and every replica's evaluation after the last step (with memorisation and decision boundary).
 */
export async function engineTrajectory(
  config: ExperimentConfig,
  dataDir: string,
  steps: number,
  datasetPath?: string,
): Promise<{
  trajectory: Trajectory;
  initial: Float32Array[];
  initials: Float32Array[][];
  evaluations: Record<string, EvaluationRecord>;
}> {
  const dataset = await loadDataset({
    dataset: config.dataset,
    dataDir,
    seed: config.seed,
    ...(config.toyNoise === undefined ? {} : { toyNoise: config.toyNoise }),
    ...(datasetPath ? { datasetPath } : {}),
  });
  const session = new Session({ ...sessionOptionsFor(config, dataset), totalSteps: steps });
  for (let i = 0; i < steps; i++) session.trainStep();
  const metrics: Trajectory['metrics'] = {};
  for (const chunk of await session.collect()) {
    const key = replicaKey(chunk.runId, chunk.replica ?? 0, config.seed);
    const rows = metrics[key] ?? [];
    metrics[key] = rows;
    chunk.steps.forEach((_, i) => {
      rows.push(
        Object.fromEntries(Object.entries(chunk.values).map(([k, column]) => [k, column[i] as number])),
      );
    });
  }
  const weights = Object.fromEntries(
    session.runList.map((run) => [
      replicaKey(run.id, run.replica, config.seed),
      run.model.params.map((p) => [...p.dataSync()]),
    ]),
  );
  const initials = Array.from({ length: session.seedCount }, (_, k) =>
    session.initialParamsOf(k).map((values) => Float32Array.from(values)),
  );
  const evaluations = Object.fromEntries(
    (await session.evaluate()).map((e) => [replicaKey(e.runId, e.replica ?? 0, config.seed), e]),
  );
  session.dispose();
  return { trajectory: { metrics, weights }, initial: initials[0] as Float32Array[], initials, evaluations };
}

/** The engine's records of `probes.kinds` for every replica of every run at the session's current step (lines from the initial weights). */
export async function engineProbeRecords(
  session: Session,
  layers: readonly LayerSpec[],
  probes: ProbeConfig,
  seed: number,
): Promise<ProbeRecord[]> {
  const sessionProbes = new SessionProbes(session, layers, probes, seed);
  sessionProbes.requestAll(probes.kinds);
  const records: ProbeRecord[] = [];
  while (!sessionProbes.idle) {
    const update = await sessionProbes.slice();
    if (update?.type === 'failed') throw new Error(`engine probe failed: ${update.message}`);
    if (update?.type === 'finished') records.push(probeRecord(update));
  }
  await sessionProbes.dispose();
  return records;
}

/** Writes the script of `config` (with `initial` as the exported weights of `weightsSeed` when given) into `dir`. */
export function writeScript(
  dir: string,
  config: ExperimentConfig,
  initial?: readonly Float32Array[],
  weightsSeed?: number,
): string {
  const path = join(dir, 'experiment.py');
  const shapes = initial?.map((values) => ({ shape: [values.length], values }));
  const script = torchScript(readFileSync(TORCH_TEMPLATE_PATH, 'utf8'), {
    config,
    link: 'test',
    appVersion: 'test',
    ...(shapes ? { weights: shapes, weightsSeed } : {}),
  });
  writeFileSync(path, script);
  return path;
}

/** Runs the script (`launcher` e.g. ['-m', 'torch.distributed.run', '--nproc_per_node=2']) and reads its outputs. */
export function scriptTrajectory(
  python: string,
  script: string,
  dataDir: string,
  steps: number,
  extra: string[] = [],
  launcher: string[] = [],
): { trajectory: Trajectory; bundle: Bundle } {
  const tag = `${extra.join('').replace(/\W+/g, '')}-${launcher.length}`;
  const out = join(dataDir, `bundle-${tag}.json`);
  const weightsOut = join(dataDir, `weights-${tag}.json`);
  execFileSync(
    python,
    [
      ...launcher,
      script,
      ...['--steps', String(steps), '--data-dir', dataDir, '--out', out, '--weights-out', weightsOut],
      ...['--threads', '1', ...extra],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 },
  );
  const bundle = JSON.parse(readFileSync(out, 'utf8')) as Bundle;
  const metrics: Trajectory['metrics'] = {};
  const rows = (series: Bundle['runs'][number]) =>
    series.steps.map((_, i) =>
      Object.fromEntries(
        Object.entries(series.metrics).map(([k, column]) => [
          k,
          (column?.[i] as number | null) ?? Number.NaN,
        ]),
      ),
    );
  for (const run of bundle.runs) {
    const [first, ...others] = run.replicas ?? [];
    metrics[run.id] = rows(first ? { ...run, ...first } : run);
    for (const replica of others) metrics[`${run.id}#seed${replica.seed}`] = rows({ ...run, ...replica });
  }
  const saved = JSON.parse(readFileSync(weightsOut, 'utf8')) as Record<string, { values: number[] }[]>;
  const weights = Object.fromEntries(Object.entries(saved).map(([id, ts]) => [id, ts.map((t) => t.values)]));
  return { trajectory: { metrics, weights }, bundle };
}

/** The bundle the script of `config` writes after `steps` steps in float64, the precision the parity tests compare. */
export function float64ScriptBundle(
  python: string,
  dataDir: string,
  config: ExperimentConfig,
  steps: number,
): Bundle {
  return scriptTrajectory(python, writeScript(dataDir, config), dataDir, steps, ['--dtype', 'float64'])
    .bundle;
}

/** Every value of `a` that differs from `b` by more than rtol·max(|a|,|b|) + atol, described; [] when none. */
export function trajectoryDifferences(a: Trajectory, b: Trajectory, rtol: number, atol: number): string[] {
  const problems: string[] = [];
  const close = (x: number, y: number) =>
    (Number.isNaN(x) && Number.isNaN(y)) ||
    Math.abs(x - y) <= rtol * Math.max(Math.abs(x), Math.abs(y)) + atol;
  for (const [id, rows] of Object.entries(a.metrics)) {
    const other = b.metrics[id];
    if (!other || other.length !== rows.length) {
      problems.push(`${id}: ${rows.length} steps vs ${other?.length ?? 0}`);
      continue;
    }
    rows.forEach((row, step) => {
      for (const [key, value] of Object.entries(row))
        if (!close(value, other[step]?.[key] ?? Number.NaN))
          problems.push(`${id} step ${step} ${key}: ${value} vs ${other[step]?.[key]}`);
    });
  }
  for (const [id, tensors] of Object.entries(a.weights))
    tensors.forEach((values, t) => {
      const bad = values.findIndex((v, i) => !close(v, b.weights[id]?.[t]?.[i] ?? Number.NaN));
      if (bad >= 0)
        problems.push(`${id} weights[${t}][${bad}]: ${values[bad]} vs ${b.weights[id]?.[t]?.[bad]}`);
    });
  return problems;
}
