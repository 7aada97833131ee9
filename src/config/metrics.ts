/** Names of the per-step metrics and the shape they stream in, shared by engine, worker and charts. */
export const STEP_METRICS = ['loss', 'accuracy', 'lr'] as const;
export type StepMetricName = (typeof STEP_METRICS)[number];

/** Consecutive steps of one run, column-wise (typed arrays travel as transferables). */
export interface MetricChunk {
  readonly runId: string;
  readonly steps: Int32Array;
  readonly values: Partial<Record<StepMetricName, Float32Array>>;
}

/** A test-set evaluation of one run after `step` steps. */
export interface EvaluationRecord {
  readonly runId: string;
  readonly step: number;
  readonly testLoss: number;
  readonly testAccuracy: number;
}
