/**
 * The messages between the page and the training worker: one union of requests, one of events.
 * Every request carries a requestId and is answered by exactly one `reply`. Events of an old
 * session carry an older `generation` and are dropped by the page.
 */
import type { EvaluationRecord, MetricChunk } from '../config/metrics';
import type { ExperimentConfig } from '../config/schema';
import type { BackendReport } from '../engine/backend/select';

export const PROTOCOL_VERSION = 1;

export type WorkerRequest =
  | { type: 'configure'; requestId: number; config: ExperimentConfig; dataUrl: string }
  | { type: 'start'; requestId: number }
  | { type: 'pause'; requestId: number }
  | { type: 'resume'; requestId: number }
  | { type: 'reset'; requestId: number };

export type RequestType = WorkerRequest['type'];

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'training' | 'paused' | 'done' | 'failed';

export interface Progress {
  readonly step: number;
  readonly totalSteps: number;
  readonly epoch: number;
  readonly stepsPerEpoch: number;
  readonly stepsPerSecond: number;
  readonly examplesPerSecond: number;
  readonly elapsedMs: number;
  readonly numTensors: number;
}

export interface RunStatus {
  readonly runId: string;
  readonly status: 'active' | 'diverged';
  readonly divergedAtStep?: number;
}

export type WorkerEvent =
  | { type: 'reply'; requestId: number; ok: true }
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
    }
  | { type: 'status'; generation: number; status: SessionStatus; message?: string }
  | {
      type: 'metrics';
      generation: number;
      chunks: MetricChunk[];
      evaluations: EvaluationRecord[];
      runs: RunStatus[];
      progress: Progress;
    }
  | { type: 'failed'; message: string; stack?: string };

/** Typed arrays inside an event, to transfer rather than copy. */
export function transferablesOf(event: WorkerEvent): Transferable[] {
  if (event.type !== 'metrics') return [];
  return event.chunks.flatMap((chunk) => [
    chunk.steps.buffer as ArrayBuffer,
    ...Object.values(chunk.values).map((column) => column.buffer as ArrayBuffer),
  ]);
}
