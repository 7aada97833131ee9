/** Everything a CLI comparison measured, per run: the streamed step metrics and the evaluations. */
import type { EvaluationRecord, MetricChunk, StepMetricName } from '../../src/config/metrics';
import type { Run } from '../../src/engine/session/run';

export interface RunLog {
  readonly steps: number[];
  readonly metrics: Map<StepMetricName, number[]>;
  readonly evaluations: { step: number; testLoss: number; testAccuracy: number }[];
}

export class MetricLog {
  readonly runs = new Map<string, RunLog>();

  constructor(runs: readonly Run[]) {
    for (const run of runs) this.runs.set(run.config.id, { steps: [], metrics: new Map(), evaluations: [] });
  }

  addChunks(chunks: readonly MetricChunk[]): void {
    for (const chunk of chunks) {
      const log = this.runs.get(chunk.runId);
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
    for (const { runId, step, testLoss, testAccuracy } of records) {
      this.runs.get(runId)?.evaluations.push({ step, testLoss, testAccuracy });
    }
  }

  latest(runId: string, name: StepMetricName): number {
    const values = this.runs.get(runId)?.metrics.get(name);
    return values?.[values.length - 1] ?? Number.NaN;
  }

  /** Mean of the measured (non-NaN) values among the last `window` steps; NaN when none. */
  recentMean(runId: string, name: StepMetricName, window: number): number {
    const recent = (this.runs.get(runId)?.metrics.get(name) ?? [])
      .slice(-window)
      .filter((v) => !Number.isNaN(v));
    return recent.length === 0 ? Number.NaN : recent.reduce((a, b) => a + b, 0) / recent.length;
  }

  lastEvaluation(runId: string): RunLog['evaluations'][number] | undefined {
    const evaluations = this.runs.get(runId)?.evaluations ?? [];
    return evaluations[evaluations.length - 1];
  }
}
