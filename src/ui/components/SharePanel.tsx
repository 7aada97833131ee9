/**
 * Share and save: the link holds the whole setup (not the results); CSV and the JSON bundle hold the
 * results; a bundle (file picker or drop on the page) comes back as dashed curves next to live runs.
 */
import { useRef, useState } from 'react';
import { stringifyBundle } from '../../config/bundle';
import { encodeConfig } from '../../config/url';
import { torchExportProblem } from '../../export/torchScript';
import { buildBundle, csvRuns, exportableRuns } from '../export/bundleExport';
import { CSV_COLUMNS, metricsCsv } from '../export/csv';
import { downloadText, exportFileName } from '../export/download';
import { PROBE_CSV_COLUMNS, probeCsv } from '../export/probeCsv';
import { ROBUST_CSV_COLUMNS, robustCsv, robustCsvRuns } from '../export/robustCsv';
import { downloadTorchScript } from '../export/torchExport';
import { importFiles } from '../imports';
import type { RunView } from '../runViews';
import type { AppState, Store } from '../store';

export const shareUrl = (state: AppState) =>
  `${location.origin}${location.pathname}?${encodeConfig(state.config)}`;

interface SharePanelProps {
  readonly state: AppState;
  readonly runs: readonly RunView[];
  readonly store: Store<AppState>;
}

export function SharePanel({ state, runs, store }: SharePanelProps) {
  const [copied, setCopied] = useState<string | undefined>();
  const picker = useRef<HTMLInputElement>(null);
  const hasData = exportableRuns(runs).length > 0;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shareUrl(state));
      setCopied('Copied');
    } catch {
      // Clipboard refused (permissions, insecure context): the address bar has the same link.
      setCopied('Copy failed: use the address bar');
    }
    setTimeout(() => setCopied(undefined), 2500);
  };
  const robustRuns = robustCsvRuns(runs, state.config.seed);
  return (
    <fieldset className="share plain" aria-label="Share and export">
      <button
        type="button"
        onClick={() => void copy()}
        title="The link holds the whole setup (not the results)"
      >
        {copied ?? 'Copy link'}
      </button>
      <button
        type="button"
        disabled={!hasData}
        title={`One row per run, seed and step. Columns: ${CSV_COLUMNS.join(', ')}`}
        onClick={() =>
          downloadText(
            metricsCsv(csvRuns(runs, state.config.seed)),
            exportFileName('metrics', 'csv'),
            'text/csv',
          )
        }
      >
        Export CSV
      </button>
      {robustRuns.length > 0 && (
        <button
          type="button"
          title={`One row per run, seed, step, attack and ε or σ. Columns: ${ROBUST_CSV_COLUMNS.join(', ')}`}
          onClick={() => downloadText(robustCsv(robustRuns), exportFileName('robust', 'csv'), 'text/csv')}
        >
          Export robust CSV
        </button>
      )}
      {state.probes.length > 0 && (
        <button
          type="button"
          title={`One row per probe value. Columns: ${PROBE_CSV_COLUMNS.join(', ')}`}
          onClick={() =>
            downloadText(
              probeCsv(state.probes, new Map(runs.map((run) => [run.key, run.name])), state.config.seed),
              exportFileName('probes', 'csv'),
              'text/csv',
            )
          }
        >
          Export probes CSV
        </button>
      )}
      <button
        type="button"
        disabled={!hasData}
        title="Setup, metrics, evaluations, live changes and environment; import it to see the curves again"
        onClick={() =>
          downloadText(
            stringifyBundle(buildBundle(state, runs)),
            exportFileName('bundle', 'json'),
            'application/json',
          )
        }
      >
        Export bundle
      </button>
      <button
        type="button"
        disabled={torchExportProblem(state.config) !== undefined}
        title={
          torchExportProblem(state.config) ??
          'This setup as one PyTorch file (all its methods, the same seeds and batches; torchrun scales it); its bundle imports here'
        }
        onClick={() => downloadTorchScript(state, shareUrl(state))}
      >
        Export PyTorch script
      </button>
      <button
        type="button"
        onClick={() => picker.current?.click()}
        title="Show the curves of an exported bundle next to the live runs (or drop the file on the page)"
      >
        Import bundle…
      </button>
      <input
        ref={picker}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          void importFiles(store, e.target.files ?? []);
          e.target.value = '';
        }}
      />
      <span className="visually-hidden" aria-live="polite">
        {copied}
      </span>
    </fieldset>
  );
}
