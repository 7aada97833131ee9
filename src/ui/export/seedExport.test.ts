import { describe, expect, it } from 'vitest';
import { stringifyBundle } from '../../config/bundle';
import { DEFAULT_CONFIG } from '../../config/defaults';
import type { MetricChunk } from '../../config/metrics';
import { DEFAULT_HYPERPARAMS } from '../../config/optimizers';
import type { ProbeRecord } from '../../config/probes';
import type { RobustRecord } from '../../config/robust';
import type { WorkerEvent } from '../../worker/protocol';
import { applyEvent } from '../applyEvent';
import { importBundle } from '../imports';
import { buildRunViews } from '../runViews';
import { type AppState, createStore, initialState } from '../store';
import { buildBundle, csvRuns } from './bundleExport';
import { probeCsv } from './probeCsv';
import { robustCsv, robustCsvRuns } from './robustCsv';

const config = {
  ...DEFAULT_CONFIG,
  seed: 7,
  seeds: 2,
  runs: [DEFAULT_CONFIG.runs[1] as (typeof DEFAULT_CONFIG.runs)[0]],
};

const chunk = (replica: number, loss: number[]): MetricChunk => ({
  runId: 'sam',
  replica,
  steps: Int32Array.from(loss.map((_, i) => i)),
  values: { loss: Float32Array.from(loss) },
});

function trainedState(): AppState {
  const ready: WorkerEvent = {
    type: 'ready',
    generation: 1,
    paramCount: 1,
    stepsPerEpoch: 10,
    trainCount: 100,
    testCount: 10,
    classNames: [],
  };
  const metrics: WorkerEvent = {
    type: 'metrics',
    generation: 1,
    sequence: 0,
    chunks: [chunk(0, [1, 3]), chunk(1, [3, 5])],
    evaluations: [
      { runId: 'sam', replica: 0, step: 2, testLoss: 0.5, testAccuracy: 0.8 },
      { runId: 'sam', replica: 1, step: 2, testLoss: 0.4, testAccuracy: 0.9 },
    ],
    events: [robustEvent(0, 0.5), robustEvent(1, 0.7)],
    runs: [
      {
        runId: 'sam',
        optimizer: 'sam',
        status: 'done',
        step: 2,
        replicas: [
          { status: 'done', step: 2 },
          { status: 'done', step: 2 },
        ],
        hparams: DEFAULT_HYPERPARAMS,
        gradEvalsPerStep: 2,
      },
    ],
    progress: {
      step: 2,
      totalSteps: 2,
      epoch: 0,
      stepsPerEpoch: 10,
      stepsPerSecond: 0,
      examplesPerSecond: 0,
      elapsedMs: 10,
      numTensors: 0,
      numBytes: 0,
    },
  };
  const probes = [0, 1].map(
    (replica): WorkerEvent => ({
      type: 'probe',
      generation: 1,
      message: { kind: 'finished', id: `p${replica}`, record: lambdaRecord(replica) },
    }),
  );
  return [ready, metrics, ...probes].reduce(applyEvent, initialState(config));
}

const robustRecord = (replica: number, pgd: number): RobustRecord => ({
  runId: 'sam',
  replica,
  step: 2,
  examples: 100,
  clean: 0.8,
  eps: [8],
  sigmas: [],
  pgdSteps: 3,
  fgsm: [],
  pgd: [pgd],
  noise: [],
  gradientEvaluations: 3,
  ms: 10,
});
const robustEvent = (replica: number, pgd: number) =>
  ({ kind: 'robust', runId: 'sam', step: 2, record: robustRecord(replica, pgd) }) as const;
const lambdaRecord = (replica: number): ProbeRecord => ({
  kind: 'hessian',
  runId: 'sam',
  replica,
  step: 2,
  spend: { gradientEvaluations: 2, forwardEvaluations: 0, ms: 1 },
  result: { lambdaMax: 3 + replica, perIteration: [3 + replica] },
});

describe('exports of a run over seeds', () => {
  it('writes one set of CSV rows per seed, seed = experiment seed + replica', () => {
    const state = trainedState();
    const runs = csvRuns(buildRunViews(state.config, state.runs, [], undefined), state.config.seed);
    expect(runs.map((r) => [r.id, r.seed, r.values.loss])).toEqual([
      ['sam', 7, [1, 3]],
      ['sam', 8, [3, 5]],
    ]);
  });

  it('keeps every seed in the bundle and imports it back as a band', () => {
    const state = trainedState();
    const bundle = buildBundle(state, buildRunViews(state.config, state.runs, [], undefined));
    expect(bundle.runs[0]?.replicas?.map((r) => r.seed)).toEqual([7, 8]);
    const store = createStore(initialState(DEFAULT_CONFIG));
    expect(importBundle(store, 'seeds.json', stringifyBundle(bundle))).toBe(true);
    const series = store.get().imported[0]?.runs[0]?.series;
    expect(series?.replicas).toHaveLength(2);
    expect(series?.values.loss).toEqual([2, 4]);
    expect(series?.spread?.loss?.min).toEqual([1, 3]);
    expect(series?.evaluations.map((e) => e.testAccuracy.toFixed(2))).toEqual(['0.85']);
  });

  it('averages the robust records of the seeds into the run, with their spread', () => {
    const run = trainedState().runs.get('sam');
    expect(run?.replicas?.map((r) => r.robust[0]?.pgd)).toEqual([[0.5], [0.7]]);
    expect(run?.robust[0]?.pgd[0]).toBeCloseTo(0.6, 12);
    expect(run?.robustSpread?.['pgd:8']?.min).toEqual([0.5]);
    expect(run?.robustSpread?.['pgd:8']?.max).toEqual([0.7]);
  });

  it('writes robust and probe CSV rows with the seed of each replica', () => {
    const state = trainedState();
    const views = buildRunViews(state.config, state.runs, [], undefined);
    const robustRows = robustCsv(robustCsvRuns(views, 7)).split('\r\n');
    expect(robustRows.filter((row) => row.includes(',pgd,')).map((row) => row.split(',')[3])).toEqual([
      '7',
      '8',
    ]);
    const probeRows = probeCsv(state.probes, new Map(), 7).split('\n');
    expect(probeRows.filter((row) => row.includes('lambda_max')).map((row) => row.split(',')[2])).toEqual([
      '7',
      '8',
    ]);
  });

  it('keeps robust and probe records per seed in the bundle and imports the robust ones as a band', () => {
    const state = trainedState();
    const bundle = buildBundle(state, buildRunViews(state.config, state.runs, [], undefined));
    const seeded = bundle.events.flatMap((e) =>
      e.kind === 'robust' || e.kind === 'probe' ? [`${e.kind}#${e.record.replica}`] : [],
    );
    expect(seeded).toEqual(['robust#0', 'robust#1', 'probe#0', 'probe#1']);
    const store = createStore(initialState(DEFAULT_CONFIG));
    expect(importBundle(store, 'seeds.json', stringifyBundle(bundle))).toBe(true);
    const series = store.get().imported[0]?.runs[0]?.series;
    expect(series?.replicas?.map((r) => r.robust.length)).toEqual([1, 1]);
    expect(series?.robustSpread?.['pgd:8']?.max).toEqual([0.7]);
    const probeEvents = store.get().imported[0]?.events.filter((e) => e.kind === 'probe');
    expect(probeEvents?.map((e) => e.kind === 'probe' && e.record.replica)).toEqual([0, 1]);
  });
});
