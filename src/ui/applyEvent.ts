/**
 * Folds one worker event into the page state. O(new data) per message: series and the event list
 * grow in place and `version` bumps; events of another generation are dropped.
 */
import type { StepMetricName } from '../config/metrics';
import { evaluationKeptAfter, robustKeptAfter, type SessionEvent } from '../config/stream';
import type { WorkerEvent } from '../worker/protocol';
import { applyProbeMessage } from './probeState';
import { aggregateEvaluations, aggregateRobust, aggregateSteps, reaggregated } from './seedSeries';
import { type AppState, addNotice, emptySeries, type RunSeries } from './store';

type MetricsEvent = Extract<WorkerEvent, { type: 'metrics' }>;
type Restored = Extract<SessionEvent, { kind: 'restored' }>;

export function applyEvent(state: AppState, event: WorkerEvent): AppState {
  switch (event.type) {
    case 'backend':
      return { ...state, backend: event.report };
    case 'loading':
      return {
        ...state,
        loading: { message: event.message, loadedBytes: event.loadedBytes, totalBytes: event.totalBytes },
      };
    case 'ready': {
      const { paramCount, stepsPerEpoch, trainCount, testCount, classNames, points } = event;
      return {
        ...state,
        generation: event.generation,
        info: { paramCount, stepsPerEpoch, trainCount, testCount, classNames, ...(points ? { points } : {}) },
        loading: undefined,
        progress: undefined,
        activity: undefined,
        deviceLost: undefined,
        runs: new Map(),
        events: [],
        probes: [],
        probeActivity: new Map(),
        version: state.version + 1,
      };
    }
    case 'status':
      if (event.generation < state.generation) return state;
      return {
        ...state,
        status: event.status,
        statusMessage: event.message,
        ...(event.status === 'training' ? { deviceLost: undefined } : {}),
      };
    case 'activity':
      if (event.generation !== state.generation) return state;
      return { ...state, activity: event.activity };
    case 'metrics': {
      if (event.generation !== state.generation) return state;
      appendMetrics(state, event);
      // A replay re-sends the probe records after the metrics.
      const probes = event.replayed ? [] : state.probes;
      return { ...state, probes, progress: event.progress, version: state.version + 1 };
    }
    case 'probe':
      if (event.generation !== state.generation) return state;
      return applyProbeMessage(state, event.message);
    case 'deviceLost':
      if (event.generation !== state.generation) return state;
      return { ...state, deviceLost: { message: event.message, snapshotStep: event.snapshotStep } };
    case 'failed':
      // A crash is the news (the worker is gone); a failed step or set-up was said by its status already.
      return addNotice(
        {
          ...state,
          status: 'failed',
          statusMessage: event.crashed ? event.message : (state.statusMessage ?? event.message),
        },
        `Training failed: ${event.message}`,
      );
    case 'hello':
    case 'reply':
      return state;
  }
}

/** Where a replica's points go: its own series when the run has several seeds, else the run's. */
const replicaSeries = (run: RunSeries, replica: number | undefined): RunSeries =>
  run.replicas?.[replica ?? 0] ?? run;

function seriesOf(runs: Map<string, RunSeries>, runId: string): RunSeries {
  let run = runs.get(runId);
  if (!run) {
    run = emptySeries(runId);
    runs.set(runId, run);
  }
  return run;
}

/**
 * A run's series without its points from `step` on (after a restore from a snapshot they are
 * recomputed). New arrays, not truncated ones: chart caches key on the arrays and only ever grow.
 */
function truncated(run: RunSeries, restored: Restored): RunSeries {
  const { step } = restored;
  // The mean is derived: truncate the replicas and average them again.
  if (run.replicas)
    return reaggregated(
      run,
      run.replicas.map((replica) => truncated(replica, restored)),
    );
  let keep = run.steps.findIndex((s) => s >= step);
  if (keep < 0) keep = run.steps.length;
  const values = Object.fromEntries(
    Object.entries(run.values).map(([name, column]) => [name, column.slice(0, keep)]),
  );
  return {
    ...run,
    steps: run.steps.slice(0, keep),
    wallMs: run.wallMs.slice(0, keep),
    values,
    evaluations: run.evaluations.filter((e) => evaluationKeptAfter(restored, e.step)),
    robust: run.robust.filter((r) => robustKeptAfter(restored, r.step)),
  };
}

function appendMetrics(state: AppState, event: MetricsEvent): void {
  const { runs } = state;
  // A replay re-sends everything of this generation: start over rather than double the series.
  if (event.replayed) {
    runs.clear();
    state.events.length = 0;
  }
  for (const sessionEvent of event.events)
    if (sessionEvent.kind === 'restored') {
      const run = runs.get(sessionEvent.runId);
      if (run) runs.set(run.runId, truncated(run, sessionEvent));
    }
  for (const status of event.runs) {
    const run = seriesOf(runs, status.runId);
    run.status = status.status;
    run.divergedAtStep = status.divergedAtStep;
    run.info = status;
    if (status.replicas.length < 2) continue;
    run.replicas ??= status.replicas.map(() => emptySeries(status.runId));
    let newlyDiverged = false;
    status.replicas.forEach((replica, k) => {
      const series = (run.replicas as RunSeries[])[k];
      if (!series) return;
      newlyDiverged ||= replica.status === 'diverged' && series.status !== 'diverged';
      series.status = replica.status;
      series.divergedAtStep = replica.divergedAtStep;
    });
    if (newlyDiverged) runs.set(run.runId, reaggregated(run, run.replicas));
  }
  const previousElapsed = state.progress?.elapsedMs ?? 0;
  for (const chunk of event.chunks) {
    const run = replicaSeries(seriesOf(runs, chunk.runId), chunk.replica);
    const startMs = run.wallMs.at(-1) ?? previousElapsed;
    const count = chunk.steps.length;
    const offset = run.steps.length;
    for (let i = 0; i < count; i++) {
      run.steps.push(chunk.steps[i] as number);
      run.wallMs.push(startMs + ((event.progress.elapsedMs - startMs) * (i + 1)) / count);
    }
    for (const [name, column] of Object.entries(chunk.values) as [StepMetricName, Float32Array][]) {
      // A metric first seen now: earlier steps did not measure it.
      const target = run.values[name] ?? new Array<number>(offset).fill(Number.NaN);
      for (const value of column) target.push(value);
      run.values[name] = target;
    }
    for (const target of Object.values(run.values))
      while (target.length < run.steps.length) target.push(Number.NaN);
  }
  for (const evaluation of event.evaluations)
    replicaSeries(seriesOf(runs, evaluation.runId), evaluation.replica).evaluations.push(evaluation);
  for (const run of runs.values())
    if (run.replicas) {
      aggregateSteps(run);
      aggregateEvaluations(run);
    }
  for (const sessionEvent of event.events) {
    state.events.push(sessionEvent);
    if (sessionEvent.kind === 'runRemoved') runs.delete(sessionEvent.runId);
    // Only for runs still shown: a removed run's evaluation may finish after it left.
    const run = sessionEvent.kind === 'robust' ? runs.get(sessionEvent.runId) : undefined;
    if (run && sessionEvent.kind === 'robust') {
      replicaSeries(run, sessionEvent.record.replica).robust.push(sessionEvent.record);
      if (run.replicas) aggregateRobust(run);
    }
  }
}
