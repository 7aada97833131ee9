/**
 * Batches what the page needs to see: metric chunks, evaluations and run events accumulate here
 * and leave at most once per `intervalMs` (or when forced), so the main thread gets ≤10 messages a
 * second and every step.
 */
import { type EvaluationRecord, type MetricChunk, replicaKey, type StepMetricName } from '../config/metrics';
import type { SessionEvent } from '../config/stream';

export interface StreamBatch {
  readonly chunks: MetricChunk[];
  readonly evaluations: EvaluationRecord[];
  readonly events: SessionEvent[];
}

export class MetricStream {
  private chunks = new Map<string, MetricChunk[]>();
  private evaluations: EvaluationRecord[] = [];
  private events: SessionEvent[] = [];
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (batch: StreamBatch) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  addChunks(chunks: readonly MetricChunk[]): void {
    for (const chunk of chunks) {
      const key = replicaKey(chunk);
      const pending = this.chunks.get(key);
      // Append in place: copying the list per chunk is quadratic in the chunks held between flushes.
      if (pending) pending.push(chunk);
      else this.chunks.set(key, [chunk]);
    }
  }

  addEvaluations(evaluations: readonly EvaluationRecord[]): void {
    this.evaluations.push(...evaluations);
  }

  addEvents(events: readonly SessionEvent[]): void {
    this.events.push(...events);
  }

  /**
   * Drops the steps and evaluations not yet sent, keeping the events: before a restore they belong
   * to ticks past its snapshot (a lost device's last steps), which are recomputed; sent with the
   * restore they would land after the page's truncation and show twice.
   */
  discardMetrics(): void {
    this.chunks = new Map();
    this.evaluations = [];
  }

  /** Sends what has accumulated if the interval has passed (or `force`); returns whether it sent. */
  flush(force = false): boolean {
    const time = this.now();
    if (!force && time - this.lastSentAt < this.intervalMs) return false;
    const batch = {
      chunks: [...this.chunks.values()].map(concatChunks),
      evaluations: this.evaluations,
      events: this.events,
    };
    this.chunks = new Map();
    this.evaluations = [];
    this.events = [];
    this.lastSentAt = time;
    this.send(batch);
    return true;
  }
}

/** Joins consecutive chunks of one replica of a run into one (NaN where a chunk lacks a metric). */
export function concatChunks(chunks: readonly MetricChunk[]): MetricChunk {
  const first = chunks[0];
  if (!first) throw new Error('concatChunks needs at least one chunk');
  if (chunks.length === 1) return first;
  const names = new Set(chunks.flatMap((c) => Object.keys(c.values) as StepMetricName[]));
  const length = chunks.reduce((n, c) => n + c.steps.length, 0);
  const steps = new Int32Array(length);
  const values: Partial<Record<StepMetricName, Float32Array>> = {};
  for (const name of names) values[name] = new Float32Array(length).fill(Number.NaN);
  let offset = 0;
  for (const chunk of chunks) {
    steps.set(chunk.steps, offset);
    for (const name of names) {
      const column = chunk.values[name];
      if (column) values[name]?.set(column, offset);
    }
    offset += chunk.steps.length;
  }
  return {
    runId: first.runId,
    ...(first.replica === undefined ? {} : { replica: first.replica }),
    steps,
    values,
  };
}
