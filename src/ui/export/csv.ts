/**
 * Metrics as CSV: one row per run, seed and step, for spreadsheets, pandas or R.
 *
 * Columns: `run_id, run_name, optimizer, seed, step`, then every per-step metric in STEP_METRICS order
 * (config/metrics.ts says what each one is: `loss, accuracy, lr, rho, perturbedLoss, sharpness,
 * errorRateChange, flipRate, ascentGradNorm, perturbationNorm, gradCosine, maskSparsity`, then the
 * methods' own, `bisamQ, ssamMaskUpdated, bsamRhoMin` and those later methods add), then
 * `test_loss, test_accuracy`.
 * - `seed` is the seed of the row's replica: a run over S seeds has S sets of rows (seed, seed + 1, …;
 *   replicas of the same seed in different runs shared initial weights and batches).
 * - `step` is the 0-based step index; its metrics are measured at the weights after `step` updates.
 * - An empty cell is a metric not measured at that step (SGD's sharpness outside probe steps,
 *   `bisamQ` outside BiSAM, `rho` for plain SGD).
 * - `test_loss`/`test_accuracy` are filled on the rows of evaluation steps (an evaluation after `step`
 *   updates shares the row of that step); an evaluation with no training row (after the last step)
 *   gets a row of its own with the step metrics empty.
 * Numbers are written with the fewest digits that read back to the same float32 value (a float64
 * such as a test accuracy is rounded to float32 first), with an exponent when very large or small
 * (`1.2025053e20`); see `formatFloat32`.
 */
import { STEP_METRICS, type StepMetricName } from '../../config/metrics';
import { formatFloat32 } from '../formatNumber';

export const CSV_COLUMNS = [
  'run_id',
  'run_name',
  'optimizer',
  'seed',
  'step',
  ...STEP_METRICS,
  'test_loss',
  'test_accuracy',
] as const;

export interface CsvRun {
  readonly id: string;
  readonly name: string;
  readonly optimizer: string;
  readonly seed: number;
  readonly steps: readonly number[];
  readonly values: Partial<Record<StepMetricName, readonly number[]>>;
  readonly evaluations: readonly { step: number; testLoss: number; testAccuracy: number }[];
}

const cellText = (value: number | undefined) => (value === undefined ? '' : formatFloat32(value));

/** RFC 4180: quote a field with a comma, quote or line break; double its quotes. */
export const csvField = (text: string): string =>
  /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;

function runRows(run: CsvRun): string[] {
  const evaluations = new Map(run.evaluations.map((e) => [e.step, e]));
  const prefix = [...[run.id, run.name, run.optimizer].map(csvField), run.seed].join(',');
  const row = (step: number, index: number | undefined) => {
    const metrics = STEP_METRICS.map((name) =>
      cellText(index === undefined ? undefined : run.values[name]?.[index]),
    );
    const evaluation = evaluations.get(step);
    return [
      prefix,
      step,
      ...metrics,
      cellText(evaluation?.testLoss),
      cellText(evaluation?.testAccuracy),
    ].join(',');
  };
  const rows: string[] = [];
  const stepSet = new Set(run.steps);
  const extra = [...evaluations.keys()].filter((step) => !stepSet.has(step)).sort((a, b) => a - b);
  let next = 0;
  run.steps.forEach((step, index) => {
    while (next < extra.length && (extra[next] as number) < step)
      rows.push(row(extra[next++] as number, undefined));
    rows.push(row(step, index));
  });
  while (next < extra.length) rows.push(row(extra[next++] as number, undefined));
  return rows;
}

export function metricsCsv(runs: readonly CsvRun[]): string {
  return `${[CSV_COLUMNS.join(','), ...runs.flatMap(runRows)].join('\r\n')}\r\n`;
}
