/**
 * The CLI's statistics over seeds as text: a table of per-run columns as mean ± std with a 95% CI,
 * then every run against the baseline, paired seed by seed. The test-set table, the probes' and the
 * robust evaluation's all use it (`seedStatisticsTable`), on the numbers of src/stats.
 */
import {
  ACCURACY_POINTS,
  comparePaired,
  formatVerdict,
  type PairedComparison,
  PLAIN_NUMBER,
  type VerdictFormat,
} from '../../src/stats/compare';
import { type SeedSummary, summarizeSeeds } from '../../src/stats/describe';
import type { BaselineComparison, RunStatistics } from '../../src/stats/runStatistics';
import type { RunGroup } from './runGroups';

export const percent = (value: number) => (100 * value).toFixed(2);
const fourDigits = (value: number) => value.toFixed(4);

/** `88.12 ± 0.31 [87.74, 88.50]` (in % for accuracies). */
function spread(summary: SeedSummary, format: (value: number) => string): string {
  if (summary.n === 0) return '—';
  const { mean, std, ciHalfWidth } = summary;
  if (summary.n === 1) return format(mean);
  return `${format(mean)} ± ${format(std)} [${format(mean - ciHalfWidth)}, ${format(mean + ciHalfWidth)}]`;
}

/** One column of a seed table: each run's summary over seeds and, if tested, its paired difference. */
export interface SeedColumn {
  readonly header: string;
  readonly format: (value: number) => string;
  readonly summary: (runId: string) => SeedSummary;
  /** The paired test against the baseline, labelled `name` in the verdicts. */
  readonly paired?: {
    readonly name: string;
    readonly format: VerdictFormat;
    readonly of: (runId: string) => PairedComparison | undefined;
  };
}

/**
 * A column from per-seed values (`values(runId)[k]` is replica k's, NaN where it has none: diverged
 * or not measured), summarised and, with `verdict`, compared with the baseline's same seeds.
 */
export function seedColumn(
  header: string,
  format: (value: number) => string,
  values: (runId: string) => readonly number[],
  baseline: string,
  verdict?: { name: string; format: VerdictFormat },
): SeedColumn {
  return {
    header,
    format,
    summary: (runId) => summarizeSeeds(values(runId)),
    ...(verdict
      ? { paired: { ...verdict, of: (runId: string) => comparePaired(values(runId), values(baseline)) } }
      : {}),
  };
}

/** Per-replica values of `groups`' runs: `pick(runId, k)` for replica k, NaN where undefined. */
export const perSeed =
  (groups: readonly RunGroup[], pick: (runId: string, replica: number) => number | undefined) =>
  (runId: string): number[] => {
    const count = groups.find((g) => g.id === runId)?.replicas.length ?? 0;
    return Array.from({ length: count }, (_, k) => pick(runId, k) ?? Number.NaN);
  };

export function seedStatisticsTable(
  title: string,
  groups: readonly RunGroup[],
  columns: readonly SeedColumn[],
  baseline: string,
): string {
  const header = ['run', ...columns.map((c) => c.header)];
  const rows = groups.map((group) => {
    const excluded = Math.max(0, ...columns.map((c) => c.summary(group.id).excluded));
    const left =
      excluded > 0 ? ` (${excluded} seed${excluded === 1 ? '' : 's'} missing or diverged, left out)` : '';
    return [`${group.id}${left}`, ...columns.map((c) => spread(c.summary(group.id), c.format))];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ');
  const nameOf = (id: string) => groups.find((g) => g.id === id)?.name ?? id;
  const tested = columns.filter((c) => c.paired);
  const nameWidth = Math.max(0, ...tested.map((c) => c.paired?.name.length ?? 0));
  const verdicts = groups
    .filter((group) => group.id !== baseline && groups.some((g) => g.id === baseline))
    .flatMap((group) =>
      tested.flatMap((column) => {
        const paired = column.paired;
        const comparison = paired?.of(group.id);
        if (!paired || !comparison) return [];
        const label = `${nameOf(group.id)} − ${nameOf(baseline)}`;
        return [`  ${paired.name.padEnd(nameWidth)}  ${formatVerdict(label, comparison, paired.format)}`];
      }),
    );
  return [
    title,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(verdicts.length > 0
      ? [`paired differences to ${baseline} (paired t-test; Wilcoxon from 6 seeds):`, ...verdicts]
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
