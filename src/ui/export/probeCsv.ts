/**
 * Probe records as CSV, one row per value, for spreadsheets, pandas or R:
 * `run_id, run_name, seed, step, probe, quantity, x, y, value, gradient_evaluations, forward_evaluations, ms`.
 * - seed: the probed replica's seed (replica k trained with seed + k, as in the metrics CSV); every
 *   seed of every run is probed on the same probe batch, vectors and directions;
 * - hessian: `lambda_max`, and `lambda` per power iteration (x = iteration, 1-based);
 * - trace: `trace`, `trace_se`, and `sample` per Hutchinson vector (x = sample, 1-based);
 * - common: `loss_increase`, `error_increase`, `flips`, with the adversary (ce, qTanh, qLog) in x;
 * - line: `loss` and `accuracy` at x = t; surface: `loss` and `accuracy` at x = a, y = b.
 * The cost columns (passes over the probe batch, ms) are per probe, repeated on its rows, and so are
 * the settings it was measured with (P, k, n, ρ_probe, μ, α, line points, grid: blank where the probe
 * does not use one, or for a record made before settings were recorded), so rows measured before and
 * after a change of settings can be told apart.
 */
import type { ProbeMeasureKey } from '../../config/probeKnobs';
import { ADVERSARIES, type ProbeRecord } from '../../config/probes';
import { formatFloat32 } from '../formatNumber';
import { csvField } from './csv';

export const PROBE_CSV_COLUMNS = [
  'run_id',
  'run_name',
  'seed',
  'step',
  'probe',
  'quantity',
  'x',
  'y',
  'value',
  'gradient_evaluations',
  'forward_evaluations',
  'ms',
  'probe_size',
  'power_iterations',
  'trace_samples',
  'rho_probe',
  'mu',
  'alpha',
  'line_points',
  'grid_size',
] as const;

/** The settings in the order of their columns, after the cost. */
const SETTING_COLUMNS: readonly ProbeMeasureKey[] = [
  'size',
  'iterations',
  'traceSamples',
  'rho',
  'mu',
  'alpha',
  'linePoints',
  'gridSize',
];

type Row = [quantity: string, x: string | number, y: string | number, value: number];

function rowsOf(record: ProbeRecord): Row[] {
  switch (record.kind) {
    case 'hessian':
      return [
        ['lambda_max', '', '', record.result.lambdaMax],
        ...record.result.perIteration.map((v, i): Row => ['lambda', i + 1, '', v]),
      ];
    case 'trace': {
      const { mean, standardError, samples } = record.result;
      const se: Row[] = standardError === undefined ? [] : [['trace_se', '', '', standardError]];
      return [['trace', '', '', mean], ...se, ...samples.map((v, i): Row => ['sample', i + 1, '', v])];
    }
    case 'common':
      return ADVERSARIES.flatMap((a): Row[] => {
        const { lossIncrease, errorIncrease, flips } = record.result[a];
        return [
          ['loss_increase', a, '', lossIncrease],
          ['error_increase', a, '', errorIncrease],
          ['flips', a, '', flips],
        ];
      });
    case 'line':
      return record.result.t.flatMap((t, i): Row[] => [
        ['loss', t, '', record.result.loss[i] as number],
        ['accuracy', t, '', record.result.accuracy[i] as number],
      ]);
    case 'surface': {
      const { coordinates, loss, accuracy } = record.result;
      return coordinates.flatMap((a, i) =>
        coordinates.flatMap((b, j): Row[] => [
          ['loss', a, b, loss[i]?.[j] as number],
          ['accuracy', a, b, accuracy[i]?.[j] as number],
        ]),
      );
    }
  }
}

const cell = (value: string | number) => (typeof value === 'number' ? formatFloat32(value) : csvField(value));

/** `seed` is the experiment's: a record of replica k gets seed + k. */
export function probeCsv(
  records: readonly ProbeRecord[],
  runNames: ReadonlyMap<string, string>,
  seed: number,
): string {
  const lines = [PROBE_CSV_COLUMNS.join(',')];
  for (const record of records) {
    const { gradientEvaluations, forwardEvaluations, ms } = record.spend;
    const head = [
      csvField(record.runId),
      csvField(runNames.get(record.runId) ?? record.runId),
      String(seed + (record.replica ?? 0)),
      String(record.step),
      record.kind,
    ];
    const cost = [formatFloat32(gradientEvaluations), formatFloat32(forwardEvaluations), ms.toFixed(0)];
    const settings = SETTING_COLUMNS.map((key) => cell(record.settings?.[key] ?? ''));
    for (const [quantity, x, y, value] of rowsOf(record))
      lines.push([...head, quantity, cell(x), cell(y), cell(value), ...cost, ...settings].join(','));
  }
  return `${lines.join('\n')}\n`;
}
