/**
 * The page's state, framework-free: a tiny store plus a reducer from worker events. Metric series
 * grow in place (a copy per message would be quadratic over a long run); `version` tells views to redraw.
 */
import type { StepMetricName } from '../config/metrics';
import type { BackendReport } from '../engine/backend/select';
import type { Progress, SessionStatus, WorkerEvent } from '../worker/protocol';

export interface RunSeries {
  readonly runId: string;
  readonly steps: number[];
  readonly values: Partial<Record<StepMetricName, number[]>>;
  readonly evaluations: { step: number; testLoss: number; testAccuracy: number }[];
  status: 'active' | 'diverged';
  divergedAtStep?: number;
}

export interface AppState {
  status: SessionStatus;
  statusMessage?: string;
  generation: number;
  backend?: BackendReport;
  loading?: { message: string; loadedBytes: number; totalBytes: number };
  info?: { paramCount: number; stepsPerEpoch: number; trainCount: number; testCount: number };
  progress?: Progress;
  runs: Map<string, RunSeries>;
  /** Messages for the user: bad URL fields, failed commands, worker failures. */
  notices: string[];
  version: number;
}

export function initialState(): AppState {
  return { status: 'idle', generation: 0, runs: new Map(), notices: [], version: 0 };
}

export interface Store<T> {
  get(): T;
  update(change: (state: T) => T): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    update(change) {
      state = change(state);
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Folds one worker event into the state; events of an older generation are dropped. */
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
      const { paramCount, stepsPerEpoch, trainCount, testCount } = event;
      return {
        ...state,
        generation: event.generation,
        info: { paramCount, stepsPerEpoch, trainCount, testCount },
        loading: undefined,
        progress: undefined,
        runs: new Map(),
        version: state.version + 1,
      };
    }
    case 'status':
      if (event.generation < state.generation) return state;
      return { ...state, status: event.status, statusMessage: event.message };
    case 'metrics':
      if (event.generation !== state.generation) return state;
      appendMetrics(state.runs, event);
      return { ...state, progress: event.progress, version: state.version + 1 };
    case 'failed':
      return { ...state, status: 'failed', notices: [...state.notices, `Training failed: ${event.message}`] };
    case 'hello':
    case 'reply':
      return state;
  }
}

function appendMetrics(runs: Map<string, RunSeries>, event: Extract<WorkerEvent, { type: 'metrics' }>): void {
  const series = (runId: string): RunSeries => {
    let run = runs.get(runId);
    if (!run) {
      run = { runId, steps: [], values: {}, evaluations: [], status: 'active' };
      runs.set(runId, run);
    }
    return run;
  };
  for (const chunk of event.chunks) {
    const run = series(chunk.runId);
    for (const step of chunk.steps) run.steps.push(step);
    for (const [name, column] of Object.entries(chunk.values) as [StepMetricName, Float32Array][]) {
      const target = run.values[name] ?? [];
      for (const value of column) target.push(value);
      run.values[name] = target;
    }
  }
  for (const evaluation of event.evaluations) {
    const { step, testLoss, testAccuracy } = evaluation;
    series(evaluation.runId).evaluations.push({ step, testLoss, testAccuracy });
  }
  for (const status of event.runs) {
    const run = series(status.runId);
    run.status = status.status;
    run.divergedAtStep = status.divergedAtStep;
  }
}
