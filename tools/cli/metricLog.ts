/** Everything a CLI comparison measured, per replica of a run: the streamed step metrics and the evaluations. */
import {
  type EvaluationRecord,
  type MetricChunk,
  replicaKey,
  type StepMetricName,
} from '../../src/config/metrics';
import type { Run } from '../../src/engine/session/run';

export interface RunLog {
  readonly steps: number[];
  readonly metrics: Map<StepMetricName, number[]>;
  readonly evaluations: { step: number; testLoss: number; testAccuracy: number }[];
}

/** The log key of a session replica: `runId#k`. */
export const keyOf = (run: Run): string => replicaKey({ runId: run.id, replica: run.replica });

export class MetricLog {
  /** By replica key (`keyOf`). */
  readonly runs = new Map<string, RunLog>();

  constructor(runs: readonly Run[]) {
    for (const run of runs) this.runs.set(keyOf(run), { steps: [], metrics: new Map(), evaluations: [] });
  }

  addChunks(chunks: readonly MetricChunk[]): void {
    for (const chunk of chunks) {
      const log = this.runs.get(replicaKey(chunk));
      if (!log) continue;
      const before = log.steps.length;
      log.steps.push(...chunk.steps);
      for (const [name, column] of Object.entries(chunk.values) as [StepMetricName, Float32Array][]) {
        const values = log.metrics.get(name) ?? new Array<number>(before).fill(Number.NaN);
        values.push(...column);
        log.metrics.set(name, values);
      }
      for (const values of log.metrics.values()) {
        while (values.length < log.steps.length) values.push(Number.NaN);
      }
    }
  }

  addEvaluations(records: readonly EvaluationRecord[]): void {
    for (const record of records) {
      const { step, testLoss, testAccuracy, noisyTrueAccuracy, noisyLabelAccuracy } = record;
      // Memorisation under label noise: accuracy on the noisy-labelled examples vs true and noisy labels.
      const memorisation = noisyTrueAccuracy === undefined ? {} : { noisyTrueAccuracy, noisyLabelAccuracy };
      this.runs.get(replicaKey(record))?.evaluations.push({ step, testLoss, testAccuracy, ...memorisation });
    }
  }

  latest(key: string, name: StepMetricName): number {
    const values = this.runs.get(key)?.metrics.get(name);
    return values?.[values.length - 1] ?? Number.NaN;
  }

  /** Mean of the measured (non-NaN) values among the last `window` steps; NaN when none. */
  recentMean(key: string, name: StepMetricName, window: number): number {
    const recent = (this.runs.get(key)?.metrics.get(name) ?? [])
      .slice(-window)
      .filter((v) => !Number.isNaN(v));
    return recent.length === 0 ? Number.NaN : recent.reduce((a, b) => a + b, 0) / recent.length;
  }

  lastEvaluation(key: string): RunLog['evaluations'][number] | undefined {
    const evaluations = this.runs.get(key)?.evaluations ?? [];
    return evaluations[evaluations.length - 1];
  }
}
