/**
 * One run of the comparison: colour, name, method, its hyperparameters (only the method's own) and
 * duplicate / fork / remove. Shows the live values while it trains.
 */
import { useEffect, useState } from 'react';
import { RUN_NAME_MAX_LENGTH } from '../../config/limits';
import type { HyperparamKey } from '../../config/optimizers';
import type { RunConfig } from '../../config/schema';
import type { SweepAxis } from '../../config/sweep';
import { OPTIMIZER_INFO, OPTIMIZER_NAMES, type OptimizerName } from '../../methods/metas';
import type { Experiment } from '../experiment';
import { ADVANCED_KEYS, knobsOf } from '../runEdits';
import type { Mode } from '../sessionMode';
import type { RunSeries } from '../store';
import { HyperparamField, ScheduleFields } from './HyperparamFields';

interface RunCardProps {
  readonly run: RunConfig;
  readonly color: string;
  readonly series?: RunSeries;
  readonly mode: Mode;
  /** "forked from SAM at step 500", when it is a fork. */
  readonly origin?: string;
  readonly canRemove: boolean;
  readonly experiment: Experiment;
  /** The run's sweep axes (none: not swept); a swept knob's field lists its values. */
  readonly sweep?: readonly SweepAxis[];
}

/** Knobs a method reads only for its optional sharpness probe, not for its step: their fields say so. */
const PROBE_ONLY: Partial<Record<OptimizerName, ReadonlySet<HyperparamKey>>> = {
  sgd: new Set(['rho', 'adaptive']),
};
const PROBE_NOTE = 'Used only by the sharpness probe (SGD itself never perturbs the weights).';

function RunName({ run, experiment }: { run: RunConfig; experiment: Experiment }) {
  const [name, setName] = useState(run.name);
  useEffect(() => setName(run.name), [run.name]);
  const commit = () => {
    const trimmed = name.trim().slice(0, RUN_NAME_MAX_LENGTH);
    if (trimmed && trimmed !== run.name) experiment.runs.edit(run.id, (r) => ({ ...r, name: trimmed }));
    else setName(run.name);
  };
  return (
    <input
      className="run-name"
      aria-label={`Name of run ${run.name}`}
      value={name}
      maxLength={RUN_NAME_MAX_LENGTH}
      onChange={(e) => setName(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

function runState(series: RunSeries | undefined, mode: Mode): string {
  if (!series || mode === 'setup') return 'not started';
  const step = series.info?.step ?? series.steps.length;
  if (series.status === 'diverged')
    return `diverged at step ${series.divergedAtStep?.toLocaleString('en-US')}`;
  return `${series.status === 'done' ? 'finished' : mode === 'live' ? 'training' : 'stopped'} · step ${step.toLocaleString('en-US')}`;
}

export function RunCard({
  run,
  color,
  series,
  mode,
  origin,
  canRemove,
  experiment,
  sweep = [],
}: RunCardProps) {
  const live = mode === 'live';
  const hparams = live ? (series?.info?.hparams ?? run.hparams) : run.hparams;
  const info = OPTIMIZER_INFO[run.optimizer];
  const keys = knobsOf(run.optimizer);
  const change = (patch: Parameters<Experiment['runs']['setHyperparam']>[1]) =>
    experiment.runs.setHyperparam(run.id, patch);
  const field = (key: HyperparamKey) => {
    const axis = sweep.find((a) => a.key === key);
    const swept = axis && `Swept over ${axis.values.join(', ')}: each value trains as a run of its own.`;
    const notes = [swept, PROBE_ONLY[run.optimizer]?.has(key) ? PROBE_NOTE : undefined].filter(Boolean);
    return (
      <HyperparamField
        key={key}
        runName={run.id}
        knobKey={key}
        hparams={hparams}
        onChange={change}
        {...(notes.length > 0 ? { note: notes.join(' ') } : {})}
        {...(axis ? { swept: axis.values } : {})}
      />
    );
  };
  return (
    <article
      className="run-card"
      data-run={run.id}
      style={{ borderLeftColor: color }}
      aria-label={`Run ${run.name}`}
    >
      <header>
        <input
          type="color"
          className="run-color"
          value={color}
          aria-label={`Colour of ${run.name}`}
          onChange={(e) => experiment.runs.edit(run.id, (r) => ({ ...r, color: e.target.value }))}
        />
        <RunName run={run} experiment={experiment} />
        <select
          aria-label={`Method of ${run.name}`}
          value={run.optimizer}
          disabled={live}
          title={live ? 'Fixed once the run trains: add or fork a run instead' : info.summary}
          onChange={(e) => experiment.runs.setOptimizer(run.id, e.target.value as OptimizerName)}
        >
          {OPTIMIZER_NAMES.map((name) => (
            <option key={name} value={name}>
              {OPTIMIZER_INFO[name].label}
            </option>
          ))}
        </select>
      </header>
      <p className="run-about">
        {info.summary}{' '}
        <span className="muted">
          {info.gradEvalsPerStep} gradient evaluation{info.gradEvalsPerStep > 1 ? 's' : ''}/step.
        </span>
      </p>
      <p className="run-state" data-testid="run-state">
        {runState(series, mode)}
        {origin && <span className="muted"> · {origin}</span>}
      </p>
      <div className="knobs">{keys.filter((k) => !ADVANCED_KEYS.has(k)).map(field)}</div>
      <details className="more">
        <summary>More settings</summary>
        <div className="knobs">{keys.filter((k) => ADVANCED_KEYS.has(k)).map(field)}</div>
        <ScheduleFields schedule={hparams.schedule} onChange={(patch) => change({ schedule: patch })} />
      </details>
      <footer>
        <button
          type="button"
          className="small"
          onClick={() => void experiment.runs.duplicate(run.id)}
          title="A new run with these settings, from step 0"
        >
          Duplicate
        </button>
        {live && (
          <button
            type="button"
            className="small"
            onClick={() => void experiment.runs.fork(run.id)}
            title="A new run from this run's current weights and step"
          >
            Fork here
          </button>
        )}
        <button
          type="button"
          className="small danger"
          disabled={!canRemove}
          onClick={() => void experiment.runs.remove(run.id)}
          aria-label={`Remove ${run.name}`}
        >
          Remove
        </button>
      </footer>
    </article>
  );
}
