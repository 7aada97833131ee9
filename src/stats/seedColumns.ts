/**
 * A table of statistics over seeds, shared by the CLI (as text) and the page (as HTML): one column
 * per measured number (test accuracy, λ_max, PGD accuracy…), each run's values over seeds summarised
 * as mean ± std [95% CI], and, for tested columns, every run against the baseline paired seed by seed
 * (replica k of every run started from seed k's weights and saw its batches).
 */
import { comparePaired, formatVerdict, type PairedComparison, type VerdictFormat } from './compare';
import { type SeedSummary, summarizeSeeds } from './describe';

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

/** Per-seed values of a run: replica k's at index k, NaN where it has none (diverged or not measured). */
export type SeedValues = (runId: string) => readonly number[];

/** A column from per-seed values, summarised and, with `verdict`, compared with the baseline's same seeds. */
export function seedColumn(
  header: string,
  format: (value: number) => string,
  values: SeedValues,
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

/** Per-seed values from `pick(runId, k)` for k below the run's replica count, NaN where undefined. */
export const perSeed =
  (replicaCount: (runId: string) => number, pick: (runId: string, replica: number) => number | undefined) =>
  (runId: string): number[] =>
    Array.from({ length: replicaCount(runId) }, (_, k) => pick(runId, k) ?? Number.NaN);

/** `88.12 ± 0.31 [87.74, 88.50]`; one seed: the value alone; none: a dash. */
export function formatSpread(summary: SeedSummary, format: (value: number) => string): string {
  if (summary.n === 0) return '—';
  const { mean, std, ciHalfWidth } = summary;
  if (summary.n === 1) return format(mean);
  return `${format(mean)} ± ${format(std)} [${format(mean - ciHalfWidth)}, ${format(mean + ciHalfWidth)}]`;
}

export interface SeedTableRow {
  readonly id: string;
  readonly name: string;
  /** One per column, `formatSpread`'s text. */
  readonly cells: string[];
  /** The most seeds a column left out (diverged or not measured). */
  readonly excluded: number;
}

export interface SeedVerdict {
  readonly runId: string;
  /** The column's `paired.name`. */
  readonly measure: string;
  /** "SAM − SGD: +0.31 ± 0.22 pts (95% CI, n = 3), p = 0.21, not significant at 5%". */
  readonly text: string;
}

/** The cells of every run, and the verdict of every run but the baseline in every tested column. */
export function seedTable(
  columns: readonly SeedColumn[],
  runs: readonly { readonly id: string; readonly name: string }[],
  baseline: string,
): { rows: SeedTableRow[]; verdicts: SeedVerdict[] } {
  const rows = runs.map(({ id, name }) => ({
    id,
    name,
    cells: columns.map((c) => formatSpread(c.summary(id), c.format)),
    excluded: Math.max(0, ...columns.map((c) => c.summary(id).excluded)),
  }));
  const base = runs.find((run) => run.id === baseline);
  const verdicts = base
    ? runs
        .filter((run) => run.id !== baseline)
        .flatMap((run) =>
          columns.flatMap((column) => {
            const comparison = column.paired?.of(run.id);
            if (!column.paired || !comparison) return [];
            const text = formatVerdict(`${run.name} − ${base.name}`, comparison, column.paired.format);
            return [{ runId: run.id, measure: column.paired.name, text }];
          }),
        )
    : [];
  return { rows, verdicts };
}
