/**
 * Robust evaluations as CSV, one row per run, seed, step, attack and ε (or σ), for spreadsheets,
 * pandas or R: `run_id, run_name, optimizer, seed, step, attack, eps, sigma, accuracy, examples,
 * pgd_steps, gradient_evaluations, ms`. A run over S seeds has S sets of rows (`seed` as in the
 * metrics CSV: replica k trained and was attacked with seed + k; every seed from the same starts). `attack` is clean, fgsm, pgd or noise; `eps` is in grey levels (ε/255 on
 * [0, 1] pixels) and empty for clean and noise, `sigma` only for noise; `pgd_steps` only for pgd.
 * The cost columns are per evaluation of the run, repeated on its rows.
 */
import type { RobustRecord } from '../../config/robust';
import { formatFloat32 } from '../formatNumber';
import type { RunView } from '../runViews';
import type { RunSeries } from '../store';
import { exportableRuns } from './bundleExport';
import { csvField } from './csv';

const cell = (value: number | undefined) => (value === undefined ? '' : formatFloat32(value));

export const ROBUST_CSV_COLUMNS = [
  'run_id',
  'run_name',
  'optimizer',
  'seed',
  'step',
  'attack',
  'eps',
  'sigma',
  'accuracy',
  'examples',
  'pgd_steps',
  'gradient_evaluations',
  'ms',
] as const;

export interface RobustCsvRun {
  readonly id: string;
  readonly name: string;
  readonly optimizer: string;
  readonly seed: number;
  readonly robust: readonly RobustRecord[];
}

/** One CSV run per seed of each exportable run with robust records (replica k has seed `seed + k`). */
export function robustCsvRuns(runs: readonly RunView[], seed: number): RobustCsvRun[] {
  return exportableRuns(runs).flatMap((run) => {
    const series = run.series as RunSeries;
    const base = { id: run.key, name: run.name, optimizer: run.optimizer };
    return (series.replicas ?? [series])
      .map((replica, k) => ({ ...base, seed: seed + k, robust: replica.robust }))
      .filter((replica) => replica.robust.length > 0);
  });
}

function recordRows(run: RobustCsvRun, r: RobustRecord): string[] {
  const prefix = [...[run.id, run.name, run.optimizer].map(csvField), run.seed].join(',');
  const row = (attack: string, eps: number | undefined, sigma: number | undefined, accuracy: number) =>
    [
      prefix,
      r.step,
      attack,
      cell(eps),
      cell(sigma),
      cell(accuracy),
      r.examples,
      attack === 'pgd' ? r.pgdSteps : '',
      r.gradientEvaluations,
      Math.round(r.ms),
    ].join(',');
  return [
    row('clean', undefined, undefined, r.clean),
    ...r.fgsm.map((accuracy, j) => row('fgsm', r.eps[j], undefined, accuracy)),
    ...r.pgd.map((accuracy, j) => row('pgd', r.eps[j], undefined, accuracy)),
    ...r.noise.map((accuracy, j) => row('noise', undefined, r.sigmas[j], accuracy)),
  ];
}

export function robustCsv(runs: readonly RobustCsvRun[]): string {
  const rows = runs.flatMap((run) => run.robust.flatMap((record) => recordRows(run, record)));
  return `${[ROBUST_CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
