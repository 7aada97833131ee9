/**
 * Probes: their schedule and settings, buttons that probe the live runs between training steps (the
 * 1-D line also between two chosen runs), what is running with its cost so far, and the probe charts
 * (λ_max, trace, flips, lines, surface) of live and imported runs alike.
 */
import { useMemo, useState } from 'react';
import { PROBE_KINDS, type ProbeKind } from '../../config/probes';
import { SelectField } from '../components/fields/SelectField';
import type { Experiment } from '../experiment';
import type { RunView } from '../runViews';
import type { AppState } from '../store';
import { ProbeCharts } from './ProbeCharts';
import { ProbeSettings } from './ProbeSettings';
import { firstSeed, importedProbeRecords, latestByRun } from './probeData';
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

/** A run chosen in a select, kept valid as runs come and go (else the `fallback`-th live run). */
function useRunChoice(live: readonly RunView[], fallback: number) {
  const [chosen, setChosen] = useState<string>();
  const run = live.find((r) => r.key === chosen) ?? live[Math.min(fallback, live.length - 1)];
  return [run, setChosen] as const;
}

export function ProbesPanel({ state, runs, experiment }: ProbesPanelProps) {
  const live = runs.filter((run) => run.config && state.runs.has(run.key));
  const [surfaceOf, chooseSurface] = useRunChoice(live, 0);
  const [lineFrom, chooseLineFrom] = useRunChoice(live, 0);
  const [lineTo, chooseLineTo] = useRunChoice(live, 1);
  const ready = state.info !== undefined && live.length > 0;
  const send = async (kind: ProbeKind, runIds: string[], lineStart?: string) => {
    try {
      await experiment.link?.request({
        type: 'probe',
        kind,
        runIds,
        ...(lineStart ? { lineFrom: lineStart } : {}),
      });
    } catch (error) {
      experiment.notify(`Could not start the ${BUTTONS[kind]} probe: ${(error as Error).message}`);
    }
  };
  const probe = (kind: ProbeKind) =>
    send(kind, ONE_RUN.includes(kind) ? (surfaceOf ? [surfaceOf.key] : []) : live.map((run) => run.key));
  const records = useMemo(
    () => [...state.probes, ...importedProbeRecords(state.imported)],
    [state.probes, state.imported],
  );
  // A surface is one model's picture: the first seed's (replica 0), not a mean of surfaces.
  const surfaces = latestByRun(firstSeed(records), 'surface');
  const surfaceRun =
    surfaceOf && surfaces.has(surfaceOf.key) ? surfaceOf : runs.find((run) => surfaces.has(run.key));
  const options = live.map((run) => [run.key, run.name] as const);
  const samePair = lineFrom !== undefined && lineFrom.key === lineTo?.key;
  return (
    <section className="probes" aria-label="Probes" data-testid="probes">
      <h2 className="section-heading">Probes: every run measured the same way</h2>
      <ProbeSettings
        {...(state.config.probes ? { probes: state.config.probes } : {})}
        runs={state.config.runs.map((run) => [run.id, run.name] as const)}
        onChange={(probes) => experiment.setEvaluationSettings({ probes })}
      />
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
        <SelectField
          label="Surface of"
          value={surfaceOf?.key ?? ''}
          options={options}
          onChange={chooseSurface}
          disabled={!ready}
        />
      </div>
      <fieldset className="plain probe-controls" aria-label="Line between two runs">
        <SelectField
          label="Line from"
          value={lineFrom?.key ?? ''}
          options={options}
          onChange={chooseLineFrom}
          disabled={!ready}
        />
        <SelectField
          label="to"
          value={lineTo?.key ?? ''}
          options={options}
          onChange={chooseLineTo}
          disabled={!ready}
        />
        <button
          type="button"
          className="small"
          disabled={!ready || samePair || !lineFrom || !lineTo}
          title={samePair ? 'Choose two different runs' : undefined}
          onClick={() => lineFrom && lineTo && void send('line', [lineTo.key], lineFrom.key)}
          data-probe="run-line"
        >
          1-D line between them
        </button>
        {samePair && live.length > 1 && <small className="hint">Choose two different runs.</small>}
      </fieldset>
      <ul className="probe-activity" aria-live="polite">
        {[...state.probeActivity.values()].map((p) => (
          <li key={p.id} data-testid="probe-running">
            {BUTTONS[p.probe]} of {runs.find((r) => r.key === p.runId)?.name ?? p.runId}
            {state.config.seeds > 1 ? ` (seed ${state.config.seed + (p.replica ?? 0)})` : ''} at step {p.step}
            : {p.done}/{p.total}
            {' · '}
            {p.spend.gradientEvaluations.toFixed(1)} gradient + {p.spend.forwardEvaluations.toFixed(1)}{' '}
            forward passes over the probe batch, {(p.spend.ms / 1000).toFixed(1)} s
          </li>
        ))}
      </ul>
      <div className="charts">
        <ProbeCharts records={records} runs={runs} />
        <SurfaceHeatmap
          record={surfaceRun ? surfaces.get(surfaceRun.key) : undefined}
          runName={`${surfaceRun?.name ?? ''}${state.config.seeds > 1 ? ` (seed ${state.config.seed})` : ''}`}
        />
      </div>
    </section>
  );
}
