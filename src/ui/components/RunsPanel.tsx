/** The runs being compared: one card each, and one-click buttons to add a run of any method. */

import { MAX_RUNS } from '../../config/limits';
import { planReplicas } from '../../config/replicas';
import { OPTIMIZER_INFO, OPTIMIZER_NAMES, type OptimizerName } from '../../methods/metas';
import type { Experiment } from '../experiment';
import { forkOrigins, runColor } from '../runViews';
import type { Mode } from '../sessionMode';
import type { AppState } from '../store';
import { RunCard } from './RunCard';

/** The methods this playground is about get a button each; the rest sit in a menu. */
const FEATURED: readonly OptimizerName[] = ['sgd', 'sam', 'bisam-tanh', 'bisam-log'];
const OTHERS = OPTIMIZER_NAMES.filter((name) => !FEATURED.includes(name));

const MODE_HINTS: Record<Mode, string> = {
  setup: 'Edits change the setup. Press Train to start every run from the same weights on the same batches.',
  live: 'Live: η, ρ, μ, α, momentum, weight decay, label smoothing and the schedule apply at the next step and appear as markers on the charts.',
  finished: 'Training has finished. Edits change the setup; “Train again” starts it anew.',
};

export function RunsPanel({
  state,
  mode,
  experiment,
}: {
  state: AppState;
  mode: Mode;
  experiment: Experiment;
}) {
  const { runs, sweep, seed, seeds } = state.config;
  const forks = forkOrigins(state);
  // A swept run trains as one session run per value: its card follows the first value's progress.
  const planned = planReplicas(runs, sweep, seed, seeds).runs;
  const seriesOf = (id: string) =>
    state.runs.get(id) ?? state.runs.get(planned.find((p) => p.sourceId === id)?.config.id ?? '');
  const full = runs.length >= MAX_RUNS;
  return (
    <section className="panel runs-panel" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      <p className="hint">{MODE_HINTS[mode]}</p>
      {runs.map((run, index) => (
        <RunCard
          key={run.id}
          run={run}
          color={runColor(run, index)}
          series={seriesOf(run.id)}
          sweep={sweep.filter((axis) => axis.runId === run.id)}
          mode={mode}
          origin={forks.get(run.id)}
          canRemove={runs.length > 1}
          experiment={experiment}
        />
      ))}
      <fieldset className="add-run plain" aria-label="Add a run">
        <span className="muted">Add:</span>
        {FEATURED.map((name) => (
          <button
            type="button"
            className="small"
            key={name}
            disabled={full}
            title={full ? `At most ${MAX_RUNS} runs` : OPTIMIZER_INFO[name].summary}
            aria-label={`Add a ${OPTIMIZER_INFO[name].label} run`}
            onClick={() => void experiment.runs.add(name)}
          >
            + {OPTIMIZER_INFO[name].label}
          </button>
        ))}
        {OTHERS.length > 0 && (
          <select
            aria-label="Add a run of another method"
            value=""
            disabled={full}
            onChange={(e) => e.target.value && void experiment.runs.add(e.target.value as OptimizerName)}
          >
            <option value="">+ other method…</option>
            {OTHERS.map((name) => (
              <option key={name} value={name} title={OPTIMIZER_INFO[name].summary}>
                {OPTIMIZER_INFO[name].label}
              </option>
            ))}
          </select>
        )}
      </fieldset>
    </section>
  );
}
