/**
 * Batches metrics for the page: chunks and evaluations accumulate here and leave at most once per
 * `intervalMs` (or when forced), so the main thread gets ≤10 messages a second and every step.
 */
import type { EvaluationRecord, MetricChunk, StepMetricName } from '../config/metrics';

export class MetricStream {
  private chunks = new Map<string, MetricChunk[]>();
  private evaluations: EvaluationRecord[] = [];
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (chunks: MetricChunk[], evaluations: EvaluationRecord[]) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  addChunks(chunks: readonly MetricChunk[]): void {
    for (const chunk of chunks) {
      const list = this.chunks.get(chunk.runId) ?? [];
      list.push(chunk);
      this.chunks.set(chunk.runId, list);
    }
  }

  addEvaluations(evaluations: readonly EvaluationRecord[]): void {
    this.evaluations.push(...evaluations);
  }

  /** Sends what has accumulated if the interval has passed (or `force`); returns whether it sent. */
  flush(force = false): boolean {
    const time = this.now();
    if (!force && time - this.lastSentAt < this.intervalMs) return false;
    const chunks = [...this.chunks.values()].map(concatChunks);
    const evaluations = this.evaluations;
    this.chunks = new Map();
    this.evaluations = [];
    this.lastSentAt = time;
    this.send(chunks, evaluations);
    return true;
  }
}

/** Joins consecutive chunks of one run into one. */
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
  return { runId: first.runId, steps, values };
}
