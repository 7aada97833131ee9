/** The robust evaluation in `npm run train`'s output: one row per run at the latest evaluation. */
import type { RobustRecord } from '../../src/config/robust';

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
