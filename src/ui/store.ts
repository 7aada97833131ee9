/**
 * The page's state, framework-free: a tiny store and the shapes it holds. Metric series grow in place
 * (a copy per message would be quadratic over a long run); `version` tells views that data changed.
 * The reducer from worker events is in `applyEvent.ts`.
 */
import type { BundleEvent } from '../config/bundle';
import type { EvaluationRecord, StepMetricName } from '../config/metrics';
import type { ProbeMessage, ProbeRecord } from '../config/probes';
import type { RobustRecord } from '../config/robust';
import type { ExperimentConfig } from '../config/schema';
import type { SessionEvent } from '../config/stream';
import type { BackendReport } from '../engine/backend/select';
import type { OptimizerName } from '../methods/metas';
import type { Activity, Progress, RunStatus, SessionStatus, TrainingPoints } from '../worker/protocol';

/** How a metric spreads over a run's seeds at each step (aligned with the steps or evaluations). */
export interface SeedSpread {
  readonly std: number[];
  readonly min: number[];
  readonly max: number[];
}

export interface RunSeries {
  readonly runId: string;
  readonly steps: number[];
  /** One column per metric, aligned with `steps`; NaN where the metric was not measured. */
  readonly values: Partial<Record<StepMetricName, number[]>>;
  /**
   * Training time of each step in ms (pauses excluded): `progress.elapsedMs` of the message that
   * brought the step, interpolated linearly across the steps of that message.
   */
  readonly wallMs: number[];
  readonly evaluations: EvaluationRecord[];
  /** Robust evaluations in step order (they arrive after their clean evaluation: they run in slices). */
  readonly robust: RobustRecord[];
  status: 'active' | 'diverged' | 'done';
  divergedAtStep?: number;
  /** The worker's latest report on this run (live hyperparameters, cost, speed). */
  info?: RunStatus;
  /**
   * With several seeds: each replica's own series (replica k at index k), while `steps`, `values`
   * and `evaluations` above hold their mean (seedSeries.ts) and `spread` its spread.
   */
  replicas?: RunSeries[];
  spread?: Partial<Record<StepMetricName, SeedSpread>>;
  evaluationSpread?: { readonly testLoss: SeedSpread; readonly testAccuracy: SeedSpread };
  /** With several seeds: the spread of each robust accuracy (`robustKey`), aligned with `robust`. */
  robustSpread?: Record<string, SeedSpread>;
}

/** A run shown from an imported bundle: curves only, never trained here. */
export interface ImportedRun {
  /** Unique on the page: `<import id>/<run id in the bundle>`. */
  readonly key: string;
  readonly name: string;
  readonly color?: string;
  readonly optimizer: OptimizerName;
  readonly gradEvalsPerStep: number;
  readonly series: RunSeries;
}

export interface ImportedBundle {
  readonly id: string;
  readonly fileName: string;
  readonly runs: ImportedRun[];
  readonly events: BundleEvent[];
  readonly config?: ExperimentConfig;
  readonly environment: {
    appVersion: string;
    timestamp: string;
    userAgent: string;
    backend?: unknown;
    /** Where a bundle from the exported PyTorch script ran: "PyTorch 2.3, 4 ranks, cuda". */
    runtime?: unknown;
  };
}

export interface SessionInfo {
  readonly paramCount: number;
  readonly stepsPerEpoch: number;
  readonly trainCount: number;
  readonly testCount: number;
  readonly classNames: readonly string[];
  /** 2-D data: training points for the decision-boundary view. */
  readonly points?: TrainingPoints;
}

export interface AppState {
  /** The setup: what a fresh start trains, and what the URL holds. */
  config: ExperimentConfig;
  /** Experiment edits made while a run trains, waiting for "Apply" (which discards the results). */
  draft?: ExperimentConfig;
  /** Runs hidden from every chart (by run key); a page setting, not part of the setup. */
  hidden: ReadonlySet<string>;
  status: SessionStatus;
  statusMessage?: string;
  generation: number;
  backend?: BackendReport;
  loading?: { message: string; loadedBytes: number; totalBytes: number };
  info?: SessionInfo;
  progress?: Progress;
  /** What the worker is doing while nothing can be plotted yet (the first step). */
  activity?: Activity;
  /** This generation's runs, by run id. */
  runs: Map<string, RunSeries>;
  /** This generation's events (live changes, forks, divergence), in arrival order; grows in place. */
  events: SessionEvent[];
  /** This generation's finished probes, in arrival order. */
  probes: ProbeRecord[];
  /** Probes running or waiting, by probe id, with their latest progress. */
  probeActivity: ReadonlyMap<string, Extract<ProbeMessage, { kind: 'progress' }>>;
  imported: ImportedBundle[];
  /**
   * The setup's dataset when it is the user's own files and this browser does not have them (a link
   * from another machine): the worker waits and the page asks for the files.
   */
  missingDataset?: string;
  /** Set while the GPU device is lost and the session waits for `switchBackend`. */
  deviceLost?: { message: string; snapshotStep: number };
  /** Messages for the user: bad URL fields, failed commands, worker failures. */
  notices: string[];
  /** Bumps whenever series or events changed (they change in place). */
  version: number;
}

export function initialState(config: ExperimentConfig, notices: string[] = []): AppState {
  return {
    config,
    hidden: new Set(),
    status: 'idle',
    generation: 0,
    runs: new Map(),
    events: [],
    probes: [],
    probeActivity: new Map(),
    imported: [],
    notices,
    version: 0,
  };
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
      const next = change(state);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * `subscribe`, with each listener told at most once per frame (`schedule`): the store changes with
 * every worker message, and rendering the whole page for each one on a busy machine queued renders
 * behind renders until a click or a read of the page waited minutes.
 */
export function oncePerFrame(
  subscribe: (listener: () => void) => () => void,
  schedule: (callback: () => void) => unknown = requestAnimationFrame,
): (listener: () => void) => () => void {
  return (listener) => {
    let pending = false;
    let active = true;
    const unsubscribe = subscribe(() => {
      if (pending) return;
      pending = true;
      schedule(() => {
        pending = false;
        if (active) listener();
      });
    });
    return () => {
      active = false;
      unsubscribe();
    };
  };
}

export function emptySeries(runId: string): RunSeries {
  return { runId, steps: [], values: {}, wallMs: [], evaluations: [], robust: [], status: 'active' };
}

/** True once the current session has recorded a step: run edits then go to the worker. */
export function hasResults(state: AppState): boolean {
  for (const run of state.runs.values()) if (run.steps.length > 0) return true;
  return false;
}

export const addNotice = (state: AppState, notice: string): AppState => ({
  ...state,
  notices: [...state.notices, notice],
});
