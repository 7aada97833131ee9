/**
 * The probes' numbers and robust accuracy over seeds, under the test-set statistics: mean ± std [95%
 * CI] per run and the paired verdicts against the same baseline.
 */
import type { ProbeRecord } from '../../config/probes';
import type { RunView } from '../runViews';
import { seedMeasureTable } from '../seedMeasures';

export function SeedMeasureTable(props: {
  runs: readonly RunView[];
  probes: readonly ProbeRecord[];
  baseline: string;
}) {
  const table = seedMeasureTable(props.runs, props.probes, props.baseline);
  if (!table) return null;
  const colorOf = (key: string) => props.runs.find((run) => run.key === key)?.color;
  const robustAt = table.robustStep === undefined ? '' : `; robust accuracy at step ${table.robustStep}`;
  return (
    <div data-testid="seed-measures">
      <table className="summary">
        <caption>
          Probes and robustness over seeds, each at its latest measurement{robustAt}: mean ± std [95%
          confidence interval]
        </caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            {table.headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.id} data-run={row.id}>
              <th scope="row">
                <span
                  className="swatch"
                  style={{ borderColor: colorOf(row.id), background: colorOf(row.id) }}
                />
                {row.name}
                {row.excluded > 0 && (
                  <span className="muted"> ({row.excluded} seeds missing or diverged)</span>
                )}
              </th>
              {row.cells.map((cell, c) => (
                <td key={table.headers[c]}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {table.verdicts.length > 0 && (
        <ul className="verdicts">
          {table.verdicts.map((verdict) => (
            <li key={`${verdict.runId}/${verdict.measure}`} data-testid="measure-verdict">
              {verdict.measure}: {verdict.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
