/** One legend for every chart: a run's colour and name; clicking hides or shows it everywhere. */
import type { RunView } from '../runViews';

interface RunLegendProps {
  readonly runs: readonly RunView[];
  readonly hidden: ReadonlySet<string>;
  readonly onToggle: (key: string) => void;
}

export function RunLegend({ runs, hidden, onToggle }: RunLegendProps) {
  return (
    <ul className="legend" aria-label="Runs on the charts (click to hide or show)">
      {runs.map((run) => {
        const visible = !hidden.has(run.key);
        return (
          <li key={run.key}>
            <button
              type="button"
              className={`legend-item${visible ? '' : ' legend-hidden'}`}
              aria-pressed={visible}
              title={visible ? `Hide ${run.name} on every chart` : `Show ${run.name} on every chart`}
              onClick={() => onToggle(run.key)}
              data-run={run.key}
            >
              <span
                className={`swatch${run.importedFrom ? ' swatch-dashed' : ''}`}
                style={{ borderColor: run.color, background: run.importedFrom ? 'transparent' : run.color }}
              />
              {run.name}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
