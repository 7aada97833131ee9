/**
 * The CLI's statistics over seeds as text: per run the final and best test accuracy and the final
 * test loss as mean ± std with a 95% CI, then every run against the baseline, paired seed by seed.
 */
import { ACCURACY_POINTS, formatVerdict, PLAIN_NUMBER } from '../../src/stats/compare';
import type { SeedSummary } from '../../src/stats/describe';
import type { BaselineComparison, RunStatistics } from '../../src/stats/runStatistics';
import type { RunGroup } from './runGroups';

const percent = (value: number) => (100 * value).toFixed(2);
const fourDigits = (value: number) => value.toFixed(4);

/** `88.12 ± 0.31 [87.74, 88.50]` (in % for accuracies). */
function spread(summary: SeedSummary, format: (value: number) => string): string {
  if (summary.n === 0) return '—';
  const { mean, std, ciHalfWidth } = summary;
  if (summary.n === 1) return format(mean);
  return `${format(mean)} ± ${format(std)} [${format(mean - ciHalfWidth)}, ${format(mean + ciHalfWidth)}]`;
}

export function seedTable(
  groups: readonly RunGroup[],
  statistics: ReadonlyMap<string, RunStatistics>,
  comparisons: readonly BaselineComparison[],
  baseline: string,
  seedsText: string,
): string {
  const header = ['run', 'final test acc %', 'best test acc %', 'final test loss'];
  const rows = groups.map((group) => {
    const s = statistics.get(group.id) as RunStatistics;
    const left = s.finalAccuracy.excluded > 0 ? ` (${s.finalAccuracy.excluded} diverged, left out)` : '';
    return [
      `${group.id}${left}`,
      spread(s.finalAccuracy, percent),
      spread(s.bestAccuracy, percent),
      spread(s.finalLoss, fourDigits),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ');
  const nameOf = (id: string) => groups.find((g) => g.id === id)?.name ?? id;
  const verdicts = comparisons.flatMap((c) => {
    const label = `${nameOf(c.runId)} − ${nameOf(baseline)}`;
    return [
      `  test accuracy  ${formatVerdict(label, c.finalAccuracy, ACCURACY_POINTS)}`,
      `  test loss      ${formatVerdict(label, c.finalLoss, PLAIN_NUMBER)}`,
    ];
  });
  return [
    `over seeds ${seedsText}: mean ± std [95% CI], replica k of every run on seed k (paired)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(verdicts.length > 0
      ? [
          `paired differences to ${baseline} at the final evaluation (paired t-test; Wilcoxon from 6 seeds):`,
          ...verdicts,
        ]
      : []),
  ].join('\n');
}
