/**
 * The robust evaluation in `npm run train`'s output: one row per run at the latest evaluation (with
 * seeds: mean ± std over seeds and the paired tests against the baseline).
 */
import type { RobustRecord } from '../../src/config/robust';
import { robustSeedColumns } from '../../src/stats/recordColumns';
import type { RunGroup } from './runGroups';
import { replicaCountOf, seedStatisticsTable } from './seedReport';

const percent = (value: number | undefined) => (value === undefined ? '—' : `${(100 * value).toFixed(1)}%`);

/** Accuracy columns (clean, FGSM and PGD per ε, noise per σ) and the cost of one evaluation. */
export function robustTable(records: readonly RobustRecord[]): string {
  const first = records[0];
  if (!first) return 'robust: no evaluation';
  const { eps, sigmas, pgdSteps } = first;
  const header = [
    'run',
    'clean',
    ...(first.fgsm.length > 0 ? eps.map((e) => `FGSM ${e}`) : []),
    ...(first.pgd.length > 0 ? eps.map((e) => `PGD-${pgdSteps} ${e}`) : []),
    ...(first.noise.length > 0 ? sigmas.map((s) => `noise ${s}`) : []),
    'grad passes',
    'ms',
  ];
  const rows = records.map((r) => [
    r.runId,
    percent(r.clean),
    ...r.fgsm.map(percent),
    ...r.pgd.map(percent),
    ...r.noise.map(percent),
    String(r.gradientEvaluations),
    r.ms.toFixed(0),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `robust: first ${first.examples} test examples at step ${first.step}; ε in grey levels (ε/255 on [0, 1] pixels),`,
    'σ on [0, 1] pixels; grad passes: input-gradient passes over those examples; ms: this run, this evaluation.',
  ].join('\n');
}

/**
 * Accuracies over seeds at the latest robust evaluation: clean, FGSM and PGD per ε, noise per σ as
 * mean ± std [95% CI] in %, each with its paired test against `baseline` (every seed of every run
 * was attacked from the same PGD starts and noise), and what the evaluation cost.
 */
export function robustSeedTable(
  records: readonly RobustRecord[],
  groups: readonly RunGroup[],
  baseline: string,
  seedsText: string,
): string {
  const step = records.at(-1)?.step;
  const latest = records.filter((r) => r.step === step);
  const first = latest[0];
  if (!first) return 'robust: no evaluation';
  const columns = robustSeedColumns(records, { replicaCount: replicaCountOf(groups), baseline });
  const ms = latest.reduce((sum, r) => sum + r.ms, 0);
  const passes = latest.reduce((sum, r) => sum + r.gradientEvaluations, 0);
  return [
    seedStatisticsTable(
      `robust accuracy over seeds ${seedsText}: mean ± std [95% CI]; every seed of every run attacked from the same starts`,
      groups,
      columns,
      baseline,
    ),
    `robust: first ${first.examples} test examples at step ${step}; ε in grey levels (ε/255 on [0, 1] pixels), σ on [0, 1] pixels;`,
    `cost of this evaluation over ${latest.length} replicas: ${passes} input-gradient passes, ${(ms / 1000).toFixed(1)} s.`,
  ].join('\n');
}
