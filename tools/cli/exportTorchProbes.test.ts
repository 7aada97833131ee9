/**
 * The probes of an exported script (Hessian trace, common-ρ sharpness, 1-D line from the initial weights
 * or run to run, 2-D surface) equal the engine's on the same weights, replica by replica: the same probe
 * batch, Rademacher vectors and surface directions drawn from the experiment seed. The script runs in float64, the engine in float32, so
 * continuous values agree to ≤1e-4 relative and counts exactly. Skipped where no python3 has torch.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/config/bundle';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import { DEFAULT_PROBE_CONFIG, type ProbeConfig, type ProbeRecord } from '../../src/config/probes';
import type { ExperimentConfig } from '../../src/config/schema';
import { gaussianTensors, rademacherTensors } from '../../src/engine/probes/randomVectors';
import { sessionOptionsFor } from '../../src/engine/session/fromConfig';
import { Session } from '../../src/engine/session/session';
import { loadDataset } from '../common/nodeData';
import { findTorchPython } from '../common/torchPython';
import { engineProbeRecords, float64ScriptBundle, tinyIdxDataset, writeScript } from './exportParity';
import { TORCH_TEMPLATE_PATH } from './exportTorchPaths';

const torch = findTorchPython();
const STEPS = 2;
/** P = 160: two chunks (128 + 32), so the common-ρ adversary is formed per chunk as in the app. */
const probes: ProbeConfig = {
  ...DEFAULT_PROBE_CONFIG,
  every: 0,
  kinds: ['trace', 'common', 'line', 'surface'],
  size: 160,
  traceSamples: 3,
  linePoints: 5,
  gridSize: 3,
};
const config: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  model: 'tiny-cnn',
  runs: DEFAULT_CONFIG.runs.slice(0, 2),
  batchSize: 16,
  steps: STEPS,
  evalEvery: STEPS,
  evalExamples: 16,
  seeds: 2,
  probes,
};

const key = (r: ProbeRecord) => `${r.runId}:${r.replica ?? 0}:${r.kind}`;

async function engineRecords(dataDir: string, of = config): Promise<Map<string, ProbeRecord>> {
  const options = sessionOptionsFor(of, await loadDataset({ dataset: of.dataset, dataDir }));
  const session = new Session({ ...options, totalSteps: STEPS });
  for (let i = 0; i < STEPS; i++) session.trainStep();
  const records = await engineProbeRecords(session, options.layers, of.probes as ProbeConfig, of.seed);
  session.dispose();
  return new Map(records.map((r) => [key(r), r]));
}

/** Indices and values of `actual` farther than rtol·|expected| + atol from `expected`; [] when all are close. */
function far(actual: readonly number[], expected: readonly number[], rtol: number, atol = 0): string[] {
  if (actual.length !== expected.length) return [`${actual.length} values for ${expected.length}`];
  return actual.flatMap((a, i) => {
    const e = expected[i] as number;
    return Math.abs(a - e) <= rtol * Math.abs(e) + atol ? [] : [`[${i}] ${a} vs ${e}`];
  });
}

/** Accuracies must count the same examples right: the engine's are float32 quotients, one example is 1/P. */
const sameCounts = (actual: readonly number[], expected: readonly number[]) => far(actual, expected, 1e-6);

/** What differs between the script's record and the engine's beyond the stated tolerances. */
function differences(script: ProbeRecord, engine: ProbeRecord): string[] {
  if (script.kind === 'trace' && engine.kind === 'trace') {
    const { samples, mean, standardError } = engine.result;
    const scale = Math.max(...samples.map(Math.abs));
    return [
      ...far(script.result.samples, samples, 1e-4),
      ...far([script.result.mean], [mean], 1e-4),
      // The spread of samples that agree to 1e-4 of their size agrees to 1e-4 of the largest sample.
      ...far([script.result.standardError ?? Number.NaN], [standardError ?? Number.NaN], 0, 1e-4 * scale),
    ];
  }
  if (script.kind === 'common' && engine.kind === 'common')
    return (['ce', 'qTanh', 'qLog'] as const).flatMap((a) => {
      const [s, e] = [script.result[a], engine.result[a]];
      // ΔL is a difference of two float32 losses near 2.3: 1e-4 of it plus float32's rounding of the losses.
      return [
        ...far([s.lossIncrease], [e.lossIncrease], 1e-4, 1e-6),
        ...far([s.errorIncrease, s.flips], [e.errorIncrease, e.flips], 0),
      ].map((problem) => `${a} ${problem}`);
    });
  if (script.kind === 'line' && engine.kind === 'line')
    return [
      ...far(script.result.t, engine.result.t, 1e-12),
      ...far(script.result.loss, engine.result.loss, 1e-4),
      ...sameCounts(script.result.accuracy, engine.result.accuracy),
      ...(script.result.from === engine.result.from ? [] : [`from ${script.result.from}`]),
    ];
  if (script.kind === 'surface' && engine.kind === 'surface')
    return [
      ...far(script.result.coordinates, engine.result.coordinates, 1e-12),
      ...far(script.result.loss.flat(), engine.result.loss.flat(), 1e-4),
      ...sameCounts(script.result.accuracy.flat(), engine.result.accuracy.flat()),
    ];
  return [`kind ${script.kind} vs ${engine.kind}`];
}

describe.skipIf(!torch)('exported PyTorch script: trace, common-ρ, line and surface probes', () => {
  it("draws the engine's Rademacher and Gaussian vectors value for value, across tensors of odd sizes and layouts", () => {
    // tfjs shapes: a conv kernel, odd-sized biases (a Gaussian pair straddles no tensor) and a dense kernel.
    const shapes = [[3, 3, 1, 2], [5], [3], [7, 3]];
    const code = [
      'import json, sys, torch',
      `sys.path.insert(0, ${JSON.stringify(dirname(TORCH_TEMPLATE_PATH))})`,
      'import experiment_template as t',
      'params = [torch.empty(2, 1, 3, 3), torch.empty(5), torch.empty(3), torch.empty(3, 7)]',
      'tfjs = lambda vs: [t.to_tfjs_layout(v).reshape(-1).tolist() for v in vs]',
      'print(json.dumps([tfjs(t.seeded_vectors(params, kind, 5)) for kind in ("rademacher", "gaussian")]))',
    ].join('\n');
    const [signs, normals] = JSON.parse(
      execFileSync(torch?.python ?? 'python3', ['-c', code], { encoding: 'utf8' }),
    ) as number[][][];
    const engine = (tensors: tf.Tensor[]) => tensors.map((x) => [...x.dataSync()]);
    expect(signs).toEqual(engine(rademacherTensors(shapes, 5)));
    expect(normals).toEqual(engine(gaussianTensors(shapes, 5)));
  }, 300_000);

  it("writes every replica's probe records equal to the engine's into a bundle that imports", async () => {
    const dataDir = tinyIdxDataset(192, 16);
    const engine = await engineRecords(dataDir);
    const bundle = float64ScriptBundle(torch?.python ?? 'python3', dataDir, config, STEPS);
    const parsed = parseBundle(JSON.stringify(bundle));
    expect(parsed.ok && parsed.warnings).toEqual([]);
    const records = bundle.events.flatMap((e) => (e.kind === 'probe' ? [e.record as ProbeRecord] : []));
    expect(records.map(key).sort()).toEqual([...engine.keys()].sort());
    for (const record of records) {
      expect(record.step).toBe(STEPS);
      expect(differences(record, engine.get(key(record)) as ProbeRecord), key(record)).toEqual([]);
      expect(record.settings, key(record)).toEqual(engine.get(key(record))?.settings);
    }
  }, 600_000);

  it("draws the link's run-to-run lines (probeLineFrom) seed by seed, equal to the engine's, `from` naming the start run", async () => {
    const [from, to] = config.runs.map((run) => run.id) as [string, string];
    const runToRun = { ...config, probes: { ...probes, kinds: ['line' as const], lineFrom: from } };
    const dataDir = tinyIdxDataset(192, 16);
    const engine = await engineRecords(dataDir, runToRun);
    const bundle = float64ScriptBundle(torch?.python ?? 'python3', dataDir, runToRun, STEPS);
    const records = bundle.events.flatMap((e) => (e.kind === 'probe' ? [e.record as ProbeRecord] : []));
    const starts = records.map((r) => [r.runId, r.replica, r.kind === 'line' && r.result.from]);
    // The start run's own line starts at its initial weights, as in the app.
    expect(starts.sort()).toEqual(
      [
        [from, 0, 'init'],
        [from, 1, 'init'],
        [to, 0, from],
        [to, 1, from],
      ].sort(),
    );
    expect(records.map(key).sort()).toEqual([...engine.keys()].sort());
    for (const record of records)
      expect(differences(record, engine.get(key(record)) as ProbeRecord), key(record)).toEqual([]);
  }, 600_000);

  it('refuses --runs that leaves out the run the lines start at, naming it', () => {
    const lineFrom = config.runs[0]?.id as string;
    const dataDir = tinyIdxDataset(32, 8);
    const script = writeScript(dataDir, { ...config, probes: { ...probes, kinds: ['line'], lineFrom } });
    const other = config.runs[1]?.id as string;
    const run = spawnSync(torch?.python ?? 'python3', [script, '--data-dir', dataDir, '--runs', other], {
      encoding: 'utf8',
    });
    expect([run.status, run.stderr.trim()]).toEqual([
      1,
      `--runs ${other}: the 1-D lines start at run ${lineFrom} (probeLineFrom), which --runs leaves out`,
    ]);
  }, 300_000);
});
