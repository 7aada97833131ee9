/**
 * The messages between the page and the training worker: one union of requests, one of events.
 * Every request carries a requestId and is answered by exactly one `reply` (with a result where the
 * request asks for data). Events of an old session carry an older `generation`; the page drops them.
 */
import type { EvaluationRecord, MetricChunk } from '../config/metrics';
import type { Hyperparams } from '../config/optimizers';
import type { ProbeConfig, ProbeKind, ProbeMessage } from '../config/probes';
import type { RobustConfig } from '../config/robust';
import type { BackendChoice, ExperimentConfig, RunConfig } from '../config/schema';
import type { HyperparamPatch, SessionEvent } from '../config/stream';
import type { BackendReport } from '../engine/backend/select';
import type { SessionSnapshot } from '../engine/session/session';
import type { OptimizerName } from '../methods/metas';

export const PROTOCOL_VERSION = 2;

type Request =
  /** Backend, dataset and a fresh session (new generation) from the config. */
  | { type: 'configure'; config: ExperimentConfig; dataUrl: string }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'resume' }
  /** One lockstep tick, then paused. */
  | { type: 'stepOnce' }
  /** Ends training for good (status done); the metrics stay. */
  | { type: 'stop' }
  /** Same config, fresh session from the initial weights (new generation). */
  | { type: 'reset' }
  /** Applied at the next step boundary; recorded as one `hyperparams` event per changed key. */
  | { type: 'updateHyperparams'; runId: string; patch: HyperparamPatch }
  /** A new run from the session's initial weights; it sees the same batches from its own step 0. */
  | { type: 'addRun'; run: RunConfig }
  | { type: 'removeRun'; runId: string }
  /** A new run starting from the parent's current weights, optimizer and BatchNorm state and step. */
  | { type: 'forkRun'; parentId: string; run: RunConfig }
  | { type: 'evaluateNow' }
  /** Replies with `WeightsExport`. */
  | { type: 'exportWeights'; runId: string; replica?: number }
  /** Re-sends every recorded step and event (a page view reconnecting to a running worker). */
  | { type: 'replay' }
  /** Continues on another backend from the latest CPU snapshot (after a lost GPU device, or by choice). */
  | { type: 'switchBackend'; backend: BackendChoice }
  /**
   * Probes `kind` at each run's current weights, between training steps; replies with the probe ids.
   * The line starts at the initial weights, or at run `lineFrom`'s current ones.
   */
  | { type: 'probe'; kind: ProbeKind; runIds: string[]; lineFrom?: string }
  /** Probe settings for the running session (they change no training): probes asked for from now on. */
  | { type: 'setProbes'; probes: ProbeConfig }
  /** Robust-evaluation settings (absent: off) for the running session, from its next evaluation on. */
  | { type: 'setRobust'; robust?: RobustConfig }
  /** Replies with the latest `Checkpoint` (taken every few seconds of training and on pause), if any. */
  | { type: 'checkpoint' }
  /**
   * Writes the latest checkpoint into IndexedDB for the page's saved session `recordId` (the page's
   * main thread never clones it); replies with a `CheckpointReply`, or nothing before the first.
   */
  | { type: 'saveCheckpoint'; recordId: string }
  /**
   * Continues the configured session from a saved snapshot (a page autosave), paused; `restored`
   * events tell the page to drop the points from the snapshot's step on (they are recomputed).
   * `elapsedMs`: the training time already spent, so the time axis carries on.
   */
  | { type: 'restoreSnapshot'; snapshot: SessionSnapshot; elapsedMs?: number };

export type WorkerRequest = Request & { requestId: number };
export type RequestBody = Request;

/** Everything needed to continue training exactly: weights, optimizer state and step of every run. */
export interface Checkpoint {
  /** Lockstep ticks done when it was taken. */
  readonly step: number;
  readonly snapshot: SessionSnapshot;
}

export interface WeightsExport {
  readonly runId: string;
  /** Which seed of the run (0-based) and the seed it trained with. */
  readonly replica: number;
  readonly seed: number;
  readonly step: number;
  readonly tensors: { name: string; shape: number[]; values: Float32Array }[];
}

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'training' | 'paused' | 'done' | 'failed';

export interface Progress {
  /** Lockstep ticks done (the longest-running run's step count). */
  readonly step: number;
  readonly totalSteps: number;
  readonly epoch: number;
  readonly stepsPerEpoch: number;
  readonly stepsPerSecond: number;
  readonly examplesPerSecond: number;
  readonly elapsedMs: number;
  readonly numTensors: number;
  readonly numBytes: number;
  /** GPU bytes held by tfjs where the backend reports them. */
  readonly gpuBytes?: number;
  /** Wall-clock time (epoch ms) the newest step in this message finished, for step-to-pixel latency. */
  readonly lastStepAt?: number;
  /** Test examples of the step-0 evaluation done so far, while it runs a slice per tick. */
  readonly initialEvaluation?: { readonly done: number; readonly total: number };
  /** A robust evaluation in progress: the step it attacks and how many of its slices are done. */
  readonly robust?: { step: number; completedSlices: number; totalSlices: number };
}

/** What the worker is doing while nothing can be plotted yet: the first lockstep tick. */
export interface Activity {
  readonly kind: 'firstStep';
  /** The first step on a GPU backend compiles its shaders, which can take many seconds. */
  readonly compilesShaders: boolean;
  readonly runs: number;
  /** When it began (epoch ms), for the time so far. */
  readonly startedAt: number;
  /** How long it should take (ms), where a measured tick says; absent otherwise. */
  readonly estimateMs?: number;
}

export interface ReplicaStatus {
  readonly status: 'active' | 'diverged' | 'done';
  readonly step: number;
  readonly divergedAtStep?: number;
}

export interface RunStatus {
  readonly runId: string;
  readonly optimizer: OptimizerName;
  /** Diverged only when every replica diverged; active while any replica trains. */
  readonly status: 'active' | 'diverged' | 'done';
  /** Steps this run has taken (its furthest replica). */
  readonly step: number;
  /** Where replica 0 diverged, or (with seeds) the first replica that did. */
  readonly divergedAtStep?: number;
  /** One per seed, replica k at index k. */
  readonly replicas: ReplicaStatus[];
  readonly hparams: Hyperparams;
  readonly gradEvalsPerStep: number;
  /** Mean wall time of this run's share of a tick, ms (recent window). */
  readonly msPerStep?: number;
}

/** 2-D data: training points (row-major x, y in the data's units) and the labels training sees. */
export interface TrainingPoints {
  readonly xy: Float32Array;
  readonly labels: Uint8Array;
}

/** Points the decision-boundary view draws over its heatmap. */
export const MAX_BOUNDARY_POINTS = 400;

export type WorkerEvent =
  | { type: 'reply'; requestId: number; ok: true; result?: unknown }
  | { type: 'reply'; requestId: number; ok: false; error: string }
  | { type: 'hello'; protocolVersion: number }
  | { type: 'backend'; report: BackendReport }
  | { type: 'loading'; message: string; loadedBytes: number; totalBytes: number }
  | {
      type: 'ready';
      generation: number;
      paramCount: number;
      stepsPerEpoch: number;
      trainCount: number;
      testCount: number;
      classNames: string[];
      points?: TrainingPoints;
    }
  | { type: 'status'; generation: number; status: SessionStatus; message?: string }
  /** Sent when the worker starts something the page waits on, and again (no activity) when it ends. */
  | { type: 'activity'; generation: number; activity?: Activity }
  | {
      type: 'metrics';
      generation: number;
      /** Increases by one per metrics message of a generation; a replay starts again from 0. */
      sequence: number;
      /** Set on the first message of a replay: the page clears this generation's series first. */
      replayed?: boolean;
      chunks: MetricChunk[];
      evaluations: EvaluationRecord[];
      events: SessionEvent[];
      runs: RunStatus[];
      progress: Progress;
    }
  /** The GPU device was lost: the session is paused at the latest snapshot; `switchBackend` resumes. */
  | { type: 'deviceLost'; generation: number; message: string; snapshotStep: number }
  /** A probe's progress, record or failure (records are re-sent on `replay`). */
  | { type: 'probe'; generation: number; message: ProbeMessage }
  /**
   * Something failed. `crashed`: an uncaught error in the worker, whose state is then unknown; the
   * page stops the worker, so nothing it sends afterwards can overwrite the report.
   */
  | { type: 'failed'; message: string; stack?: string; crashed?: true };

/** Typed arrays inside an event, to transfer rather than copy. */
export function transferablesOf(event: WorkerEvent): Transferable[] {
  if (event.type !== 'metrics') return [];
  return event.chunks.flatMap((chunk) => [
    chunk.steps.buffer as ArrayBuffer,
    ...Object.values(chunk.values).map((column) => column.buffer as ArrayBuffer),
  ]);
}
