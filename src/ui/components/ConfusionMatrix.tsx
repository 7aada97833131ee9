/**
 * The latest test evaluation of one run in detail: per-class accuracy and the confusion matrix
 * (rows: true class, columns: predicted), shaded by share of the row. Where does each method err?
 */
import { memo, useState } from 'react';
import type { RunView } from '../runViews';

interface ConfusionMatrixProps {
  readonly runs: readonly RunView[];
  readonly classNames: readonly string[];
}

export const ConfusionMatrix = memo(function ConfusionMatrix({ runs, classNames }: ConfusionMatrixProps) {
  const evaluated = runs.filter((run) => run.series?.evaluations.at(-1)?.confusion);
  const [chosen, setChosen] = useState<string>();
  const run = evaluated.find((r) => r.key === chosen) ?? evaluated[0];
  const latest = run?.series?.evaluations.at(-1);
  if (!run || !latest?.confusion) {
    return (
      <p className="muted" data-testid="confusion-empty">
        The confusion matrix appears after the first test evaluation.
      </p>
    );
  }
  const confusion = latest.confusion;
  return (
    <section
      className="confusion"
      aria-label="Confusion matrix of the latest evaluation"
      data-testid="confusion"
    >
      <label>
        Run{' '}
        <select value={run.key} onChange={(event) => setChosen(event.target.value)}>
          {evaluated.map((r) => (
            <option key={r.key} value={r.key}>
              {r.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <span className="muted">
        step {latest.step.toLocaleString('en-US')} · test accuracy {(latest.testAccuracy * 100).toFixed(1)}%
      </span>
      <table>
        <thead>
          <tr>
            <th scope="col">true ↓ / predicted →</th>
            {classNames.map((name) => (
              <th scope="col" key={name} title={name}>
                {name.slice(0, 7)}
              </th>
            ))}
            <th scope="col">accuracy</th>
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, t) => {
            const total = row.reduce((a, b) => a + b, 0);
            const name = classNames[t] ?? `class ${t}`;
            return (
              <tr key={name}>
                <th scope="row">{name}</th>
                {row.map((count, p) => (
                  <td
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are the fixed class order
                    key={p}
                    style={
                      {
                        '--share': total > 0 ? count / total : 0,
                        '--cell': p === t ? 'var(--accent)' : 'var(--danger)',
                      } as React.CSSProperties
                    }
                  >
                    {count}
                  </td>
                ))}
                <td>
                  {latest.perClassAccuracy?.[t] === undefined
                    ? '–'
                    : `${((latest.perClassAccuracy[t] as number) * 100).toFixed(1)}%`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
});
