/**
 * Probes on demand and their results: buttons that probe the live runs between training steps, what
 * is running with its cost so far, and the probe charts (λ_max, trace, flips, line, surface).
 */
import { useState } from 'react';
import { PROBE_KINDS, type ProbeKind } from '../../config/probes';
import type { Experiment } from '../experiment';
import type { RunView } from '../runViews';
import type { AppState } from '../store';
import { ProbeCharts } from './ProbeCharts';
import { importedProbeRecords, latestByRun } from './probeData';
import { SurfaceHeatmap } from './SurfaceHeatmap';

const BUTTONS: Record<ProbeKind, string> = {
  hessian: 'λ_max',
  trace: 'Trace',
  common: 'Common ρ',
  line: '1-D line',
  surface: '2-D surface',
};

/** Probes that look at one run at a time (the others compare all runs at once). */
const ONE_RUN: readonly ProbeKind[] = ['surface'];

interface ProbesPanelProps {
  readonly state: AppState;
  readonly runs: readonly RunView[];
  readonly experiment: Experiment;
}

export function ProbesPanel({ state, runs, experiment }: ProbesPanelProps) {
  const live = runs.filter((run) => run.config && state.runs.has(run.key));
  const [chosen, setChosen] = useState<string>();
  const selected = live.find((run) => run.key === chosen) ?? live[0];
  const ready = state.info !== undefined && live.length > 0;
  const probe = async (kind: ProbeKind) => {
    const runIds = ONE_RUN.includes(kind) ? (selected ? [selected.key] : []) : live.map((run) => run.key);
    try {
      await experiment.link?.request({ type: 'probe', kind, runIds });
    } catch (error) {
      experiment.notify(`Could not start the ${BUTTONS[kind]} probe: ${(error as Error).message}`);
    }
  };
  const surfaces = latestByRun(state.probes, 'surface');
  const surfaceRun =
    selected && surfaces.has(selected.key) ? selected : live.find((run) => surfaces.has(run.key));
  return (
    <section className="probes" aria-label="Probes" data-testid="probes">
      <h2 className="section-heading">Probes: every run measured the same way</h2>
      <div className="probe-controls">
        {PROBE_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="small"
            disabled={!ready}
            onClick={() => void probe(kind)}
            data-probe={kind}
          >
            {BUTTONS[kind]}
          </button>
        ))}
        <label>
          surface of{' '}
          <select
            value={selected?.key ?? ''}
            onChange={(event) => setChosen(event.target.value)}
            disabled={!ready}
          >
            {live.map((run) => (
              <option key={run.key} value={run.key}>
                {run.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul className="probe-activity" aria-live="polite">
        {[...state.probeActivity.values()].map((p) => (
          <li key={p.id} data-testid="probe-running">
            {BUTTONS[p.probe]} of {runs.find((r) => r.key === p.runId)?.name ?? p.runId} at step {p.step}:{' '}
            {p.done}/{p.total}
            {' · '}
            {p.spend.gradientEvaluations.toFixed(1)} gradient + {p.spend.forwardEvaluations.toFixed(1)}{' '}
            forward passes over the probe batch, {(p.spend.ms / 1000).toFixed(1)} s
          </li>
        ))}
      </ul>
      <div className="charts">
        <ProbeCharts records={[...state.probes, ...importedProbeRecords(state.imported)]} runs={runs} />
        <SurfaceHeatmap
          record={surfaceRun ? surfaces.get(surfaceRun.key) : undefined}
          runName={surfaceRun?.name ?? ''}
        />
      </div>
    </section>
  );
}
