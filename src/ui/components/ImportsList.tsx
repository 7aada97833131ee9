/** Imported bundles on show: where each came from, its runs, "use its setup" and remove. */
import type { Experiment } from '../experiment';
import { removeImport } from '../imports';
import type { Mode } from '../sessionMode';
import type { ImportedBundle } from '../store';

interface ImportsListProps {
  readonly imported: readonly ImportedBundle[];
  readonly experiment: Experiment;
  readonly mode: Mode;
}

export function ImportsList({ imported, experiment, mode }: ImportsListProps) {
  if (imported.length === 0) return null;
  return (
    <ul className="imports" aria-label="Imported bundles" data-testid="imports">
      {imported.map((bundle) => (
        <li key={bundle.id}>
          <span className="tag">imported</span>
          <strong>{bundle.fileName}</strong>
          <span className="muted">
            {bundle.runs.length} run{bundle.runs.length === 1 ? '' : 's'} · app{' '}
            {bundle.environment.appVersion} · {bundle.environment.timestamp.slice(0, 16).replace('T', ' ')}
            {typeof bundle.environment.runtime === 'string' && ` · ${bundle.environment.runtime}`}
          </span>
          {bundle.config && (
            <button
              type="button"
              className="small"
              disabled={mode === 'live'}
              title={
                mode === 'live'
                  ? 'Pause or finish training first'
                  : 'Make its setup the current one (to train it again here)'
              }
              onClick={() => bundle.config && experiment.setConfig(bundle.config)}
            >
              Use its setup
            </button>
          )}
          <button
            type="button"
            className="small"
            aria-label={`Remove imported ${bundle.fileName}`}
            onClick={() => removeImport(experiment.store, bundle.id)}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}
