/**
 * The CLI's statistics over seeds as text: a table of per-run columns as mean ± std with a 95% CI,
 * then every run against the baseline, paired seed by seed. The test-set table, the probes' and the
 * robust evaluation's all use it (`seedStatisticsTable`), on the columns and numbers of src/stats
 * (the page's statistics panel shows the same `seedTable`).
 */
import { ACCURACY_POINTS, PLAIN_NUMBER } from '../../src/stats/compare';
import { percent } from '../../src/stats/recordColumns';
import type { BaselineComparison, RunStatistics } from '../../src/stats/runStatistics';
import { type SeedColumn, seedTable as seedCells } from '../../src/stats/seedColumns';
import type { RunGroup } from './runGroups';

const fourDigits = (value: number) => value.toFixed(4);

/** How many replicas each of `groups`' runs holds. */
export const replicaCountOf = (groups: readonly RunGroup[]) => (runId: string) =>
  groups.find((g) => g.id === runId)?.replicas.length ?? 0;

export function seedStatisticsTable(
  title: string,
  groups: readonly RunGroup[],
  columns: readonly SeedColumn[],
  baseline: string,
): string {
  const { rows: cells, verdicts } = seedCells(columns, groups, baseline);
  const header = ['run', ...columns.map((c) => c.header)];
  const rows = cells.map(({ id, cells: values, excluded }) => {
    const left =
      excluded > 0 ? ` (${excluded} seed${excluded === 1 ? '' : 's'} missing or diverged, left out)` : '';
    return [`${id}${left}`, ...values];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ');
  const nameWidth = Math.max(0, ...columns.map((c) => c.paired?.name.length ?? 0));
  return [
    title,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(verdicts.length > 0
      ? [
          `paired differences to ${baseline} (paired t-test; Wilcoxon from 6 seeds):`,
          ...verdicts.map((v) => `  ${v.measure.padEnd(nameWidth)}  ${v.text}`),
        ]
      : []),
  ].join('\n');
}

/** Final and best test accuracy and final test loss over seeds, with the paired tests. */
export function seedTable(
  groups: readonly RunGroup[],
  statistics: ReadonlyMap<string, RunStatistics>,
  comparisons: readonly BaselineComparison[],
  baseline: string,
  seedsText: string,
): string {
  const stat = (runId: string) => statistics.get(runId) as RunStatistics;
  const comparison = (runId: string) => comparisons.find((c) => c.runId === runId);
  const columns: SeedColumn[] = [
    {
      header: 'final test acc %',
      format: percent,
      summary: (id) => stat(id).finalAccuracy,
      paired: { name: 'test accuracy', format: ACCURACY_POINTS, of: (id) => comparison(id)?.finalAccuracy },
    },
    { header: 'best test acc %', format: percent, summary: (id) => stat(id).bestAccuracy },
    {
      header: 'final test loss',
      format: fourDigits,
      summary: (id) => stat(id).finalLoss,
      paired: { name: 'test loss', format: PLAIN_NUMBER, of: (id) => comparison(id)?.finalLoss },
    },
  ];
  const title = `over seeds ${seedsText}: mean ± std [95% CI], replica k of every run on seed k (paired); at the final evaluation`;
  return seedStatisticsTable(title, groups, columns, baseline);
}
