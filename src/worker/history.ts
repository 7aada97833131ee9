/**
 * Everything streamed in the current generation, kept in the worker so a page view that reconnects
 * (remount, hot reload, a second view) can ask for it again. Chunks are copied before they are
 * transferred, since transferring empties the originals. Kept per replica of a run.
 */
import { type EvaluationRecord, type MetricChunk, replicaKey } from '../config/metrics';
import { evaluationKeptAfter, robustKeptAfter, type SessionEvent } from '../config/stream';
import { concatChunks, type StreamBatch } from './metricStream';

/**
 * A run's chunks are joined into one whenever this many have piled up: a chunk of one step costs
 * about 3.5 KB of typed-array objects, so a long session on a slow machine (one step per message)
 * held 10 KB per step for three runs (npm run soak); joined, it holds 4 bytes per value.
 */
const COMPACT_AT_CHUNKS = 64;

export class StreamHistory {
  private chunks = new Map<string, MetricChunk[]>();
  private evaluations: EvaluationRecord[] = [];
  private events: SessionEvent[] = [];

  /** Restores apply before the batch's chunks: a batch that restores holds only recomputed steps. */
  record(batch: StreamBatch): void {
    for (const event of batch.events) if (event.kind === 'restored') this.truncate(event);
    for (const chunk of batch.chunks) {
      const key = replicaKey(chunk);
      const list = this.chunks.get(key) ?? [];
      list.push(copyChunk(chunk));
      this.chunks.set(key, list.length >= COMPACT_AT_CHUNKS ? [concatChunks(list)] : list);
    }
    this.evaluations.push(...batch.evaluations);
    this.events.push(...batch.events);
  }

  /** Everything so far as one batch (fresh arrays, safe to transfer). */
  all(): StreamBatch {
    const chunks = [...this.chunks].map(([key, list]) => {
      const joined = concatChunks(list);
      this.chunks.set(key, [joined]);
      return copyChunk(joined);
    });
    return { chunks, evaluations: [...this.evaluations], events: [...this.events] };
  }

  clear(): void {
    this.chunks.clear();
    this.evaluations = [];
    this.events = [];
  }

  /**
   * Drops what a restore recomputes: every replica's steps of the run from the restored step on, and
   * its evaluations and robust records that are redone (the rules the page applies too).
   */
  private truncate(restored: Extract<SessionEvent, { kind: 'restored' }>): void {
    const { runId, step } = restored;
    for (const [key, list] of this.chunks) {
      const joined = concatChunks(list);
      if (joined.runId !== runId) continue;
      const keep = joined.steps.findIndex((s) => s >= step);
      if (keep < 0) continue;
      const values = Object.fromEntries(
        Object.entries(joined.values).map(([name, column]) => [name, column.slice(0, keep)]),
      );
      this.chunks.set(key, [{ ...joined, steps: joined.steps.slice(0, keep), values }]);
    }
    this.evaluations = this.evaluations.filter(
      (e) => e.runId !== runId || evaluationKeptAfter(restored, e.step),
    );
    this.events = this.events.filter(
      (e) => e.kind !== 'robust' || e.runId !== runId || robustKeptAfter(restored, e.step),
    );
  }
}

function copyChunk(chunk: MetricChunk): MetricChunk {
  const values = Object.fromEntries(
    Object.entries(chunk.values).map(([name, column]) => [name, column.slice()]),
  );
  return { ...chunk, steps: chunk.steps.slice(), values };
}
