/**
 * The runs in numbers, for people who read rather than look at curves; sortable by any column
 * (the header buttons work by keyboard too).
 */
import { memo, useState } from 'react';
import { OPTIMIZER_INFO } from '../../methods/metas';
import { formatFixed } from '../formatNumber';
import type { RunView } from '../runViews';
import { type RunStats, runStats, WINDOW } from './runStats';

type Column = {
  readonly id: string;
  readonly label: string;
  readonly title?: string;
  readonly value: (run: RunView, stats: RunStats) => number | string | undefined;
  readonly text: (run: RunView, stats: RunStats) => string;
  readonly testId?: string;
  /** Shown only when some run has a robust evaluation. */
  readonly robust?: boolean;
};

/** An attack's accuracy at its largest ε (or σ) in the latest robust evaluation. */
const strongest = (attack: 'fgsm' | 'pgd' | 'noise') => (_: RunView, s: RunStats) =>
  s.robust?.[attack].at(-1);

const robustColumn = (id: 'fgsm' | 'pgd' | 'noise', label: string, title: string): Column => ({
  id: `robust-${id}`,
  label,
  title,
  value: strongest(id),
  text: (run, s) => fixed(3)(strongest(id)(run, s)),
  testId: `robust-${id}`,
  robust: true,
});

const fixed = (digits: number) => (value: number | undefined) =>
  value === undefined ? '–' : formatFixed(value, digits);

const COLUMNS: readonly Column[] = [
  {
    id: 'method',
    label: 'Method',
    value: (run) => OPTIMIZER_INFO[run.optimizer].label,
    text: (run) => OPTIMIZER_INFO[run.optimizer].label,
  },
  {
    id: 'step',
    label: 'Step',
    value: (_, s) => s.step,
    text: (_, s) => s.step?.toLocaleString('en-US') ?? '–',
  },
  {
    id: 'loss',
    label: 'Loss',
    title: 'Latest training loss',
    value: (_, s) => s.loss,
    text: (_, s) => fixed(4)(s.loss),
    testId: 'latest-loss',
  },
  {
    id: 'testAccuracy',
    label: 'Test acc.',
    title: 'Latest test accuracy',
    value: (_, s) => s.testAccuracy,
    text: (_, s) => fixed(3)(s.testAccuracy),
    testId: 'test-accuracy',
  },
  {
    id: 'best',
    label: 'Best test acc.',
    value: (_, s) => s.bestTestAccuracy,
    text: (_, s) =>
      s.bestTestAccuracy === undefined ? '–' : `${formatFixed(s.bestTestAccuracy, 3)} @${s.bestAtStep}`,
  },
  {
    id: 'sharpness',
    label: 'Sharpness',
    title: `Mean L(w+e) − L(w) over the last ${WINDOW} steps`,
    value: (_, s) => s.sharpness,
    text: (_, s) => fixed(4)(s.sharpness),
  },
  {
    id: 'flipRate',
    label: 'Flip rate',
    title: `Mean share of the batch flipped by the perturbation, last ${WINDOW} steps`,
    value: (_, s) => s.flipRate,
    text: (_, s) => fixed(3)(s.flipRate),
  },
  {
    id: 'speed',
    label: 'Steps/s',
    title: 'Steps per second of this run alone (its share of each lockstep tick); CPU and WASM only',
    value: (_, s) => s.stepsPerSecond,
    text: (_, s) => fixed(1)(s.stepsPerSecond),
  },
  robustColumn('fgsm', 'FGSM acc.', 'FGSM accuracy at the largest ε, latest robust evaluation'),
  robustColumn('pgd', 'PGD acc.', 'PGD-k accuracy at the largest ε, latest robust evaluation'),
  robustColumn(
    'noise',
    'Noise acc.',
    'Accuracy under the largest Gaussian noise σ, latest robust evaluation',
  ),
  {
    id: 'robustCost',
    label: 'Robust cost',
    title: 'Input-gradient passes over the attacked images and ms, per robust evaluation of this run',
    value: (_, s) => s.robust?.ms,
    text: (_, s) =>
      s.robust
        ? `${s.robust.gradientEvaluations} passes, ${Math.round(s.robust.ms).toLocaleString('en-US')} ms`
        : '–',
    robust: true,
  },
  { id: 'status', label: 'Status', value: (_, s) => s.status, text: (_, s) => s.status },
];

function compare(a: number | string | undefined, b: number | string | undefined): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

export const RunSummary = memo(function RunSummary({
  runs,
  sessionStatus,
}: {
  runs: readonly RunView[];
  sessionStatus: string;
}) {
  const [sort, setSort] = useState<{ column: string; descending: boolean } | undefined>();
  const rows = runs.map((run) => ({ run, stats: runStats(run, sessionStatus) }));
  const anyRobust = rows.some((row) => row.stats.robust !== undefined);
  const columns = COLUMNS.filter((c) => !c.robust || anyRobust);
  const key = sort?.column === 'name' ? (row: (typeof rows)[number]) => row.run.name : undefined;
  const column = COLUMNS.find((c) => c.id === sort?.column);
  const sortValue =
    key ?? (column ? (row: (typeof rows)[number]) => column.value(row.run, row.stats) : undefined);
  if (sortValue) {
    rows.sort((a, b) => compare(sortValue(a), sortValue(b)));
    if (sort?.descending) rows.reverse();
  }
  const header = (id: string, label: string, title?: string) => {
    const active = sort?.column === id;
    return (
      <th
        scope="col"
        key={id}
        aria-sort={active ? (sort?.descending ? 'descending' : 'ascending') : 'none'}
        title={title}
      >
        <button
          type="button"
          className="sort"
          onClick={() => setSort({ column: id, descending: active ? !sort?.descending : false })}
        >
          {label}
          <span aria-hidden="true">{active ? (sort?.descending ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };
  return (
    <table className="summary" data-testid="run-summary">
      <caption className="visually-hidden">Runs: latest numbers. Click a column header to sort.</caption>
      <thead>
        <tr>
          {header('name', 'Run')}
          {columns.map((column) => header(column.id, column.label, column.title))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ run, stats }) => (
          <tr key={run.key} data-run={run.key}>
            <th scope="row">
              <span
                className={`swatch${run.importedFrom ? ' swatch-dashed' : ''}`}
                style={{ borderColor: run.color, background: run.importedFrom ? 'transparent' : run.color }}
              />
              {run.name}
            </th>
            {columns.map((column) => (
              <td key={column.id} data-testid={column.testId}>
                {column.text(run, stats)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
