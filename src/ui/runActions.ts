/**
 * What the run cards' buttons and fields do. Before training they edit the setup; while runs train
 * the worker acts first (add, fork, remove, live knobs) and the setup follows on success. Every
 * action covers a run's session runs together: all its replicas, and each value of its sweep.
 */

import { MAX_RUNS } from '../config/limits';
import { DEFAULT_HYPERPARAMS, type Hyperparams } from '../config/optimizers';
import { type PlannedRun, planReplicas } from '../config/replicas';
import type { RunConfig } from '../config/schema';
import type { HyperparamPatch } from '../config/stream';
import type { SweepAxis } from '../config/sweep';
import type { OptimizerName } from '../methods/metas';
import type { RequestBody } from '../worker/protocol';
import { copyRun, newRun, patchProblem, replaceRun, withOptimizer, withoutRun, withRuns } from './runEdits';
import { message, type SessionLink } from './sessionLink';
import { modeOf } from './sessionMode';

/** What adds one session run: a fresh one, or a fork of another's current state. */
type SessionRunRequest = Extract<RequestBody, { type: 'addRun' | 'forkRun' }>;

export class RunActions {
  constructor(private readonly session: SessionLink) {}

  private get state() {
    return this.session.state;
  }

  private notify(text: string): void {
    this.session.notify(text);
  }

  private setRuns(runs: RunConfig[]): void {
    this.session.setConfig(withRuns(this.state.config, runs));
  }

  /** The session's runs of a setup run: itself, or each point of its sweep. */
  private sessionIds(id: string): string[] {
    const { runs, sweep, seed, seeds } = this.state.config;
    return planReplicas(runs, sweep, seed, seeds)
      .runs.filter((run) => run.sourceId === id)
      .map((run) => run.config.id);
  }

  /**
   * A new setup run (with its sweep axes, if a copy of a swept run) whose session runs the worker
   * gets first while it trains: all of them or none (a refused one takes the others back).
   */
  private async addToSession(
    run: RunConfig,
    bodies: readonly SessionRunRequest[],
    axes: readonly SweepAxis[] = [],
  ): Promise<void> {
    const { config } = this.state;
    if (config.runs.length >= MAX_RUNS)
      return this.notify(`At most ${MAX_RUNS} runs can be compared at once`);
    const next = { ...config, runs: [...config.runs, run], sweep: [...config.sweep, ...axes] };
    if (modeOf(this.state) === 'live') {
      const tooMany = planReplicas(next.runs, next.sweep, next.seed, next.seeds).problem;
      if (tooMany) return this.notify(`Could not add ${run.name}: ${tooMany}`);
      const added: string[] = [];
      try {
        for (const body of bodies) {
          await this.session.send(body);
          added.push(body.run.id);
        }
      } catch (error) {
        for (const runId of added) await this.takeBack(runId);
        return this.notify(`Could not add ${run.name}: ${message(error)}`);
      }
    }
    this.session.setConfig(next);
  }

  private takeBack(runId: string): Promise<void> {
    return this.session.send({ type: 'removeRun', runId }).then(
      () => undefined,
      (error) => this.notify(`Could not take back ${runId}: ${message(error)}`),
    );
  }

  add(optimizer: OptimizerName): Promise<void> {
    const run = newRun(this.state.config.runs, optimizer, DEFAULT_HYPERPARAMS);
    return this.addToSession(run, [{ type: 'addRun', run }]);
  }

  /**
   * The live values when the run trains (what you see is what you copy), else its setup. A swept
   * run's live values are its first value's, but with the swept knobs of its setup.
   */
  private currentHparams(run: RunConfig): Hyperparams {
    const [first] = this.sessionIds(run.id);
    const live = first === undefined ? undefined : this.state.runs.get(first)?.info?.hparams;
    if (!live) return run.hparams;
    const swept = this.state.config.sweep.filter((axis) => axis.runId === run.id);
    return { ...live, ...Object.fromEntries(swept.map(({ key }) => [key, run.hparams[key]])) };
  }

  /**
   * `source` copied (its current values) as a new setup run that sweeps what `source` sweeps, and
   * each session run of `source` paired with the copy's for the same sweep value.
   */
  private sweptCopy(source: RunConfig, suffix: string) {
    const { runs, sweep, seed } = this.state.config;
    const run = copyRun(runs, source, this.currentHparams(source), suffix);
    const axes = sweep.filter((axis) => axis.runId === source.id).map((axis) => ({ ...axis, runId: run.id }));
    const parents = planReplicas([source], sweep, seed, 1).runs;
    const pairs = planReplicas([run], axes, seed, 1).runs.map((child, index) => ({
      parentId: (parents[index] as PlannedRun).config.id,
      child: child.config,
    }));
    return { run, axes, pairs };
  }

  /** A new run with the same settings (and sweep), from step 0. */
  duplicate(id: string): Promise<void> {
    const source = this.state.config.runs.find((r) => r.id === id);
    if (!source) return Promise.resolve();
    const { run, axes, pairs } = this.sweptCopy(source, 'copy');
    return this.addToSession(
      run,
      pairs.map(({ child }) => ({ type: 'addRun', run: child })),
      axes,
    );
  }

  /** A new run from the parent's current weights and step (live only); each sweep value forks its own. */
  fork(id: string): Promise<void> {
    const source = this.state.config.runs.find((r) => r.id === id);
    if (!source) return Promise.resolve();
    const [first = id] = this.sessionIds(id);
    const step = this.state.runs.get(first)?.info?.step ?? 0;
    const { run, axes, pairs } = this.sweptCopy(source, `fork @${step}`);
    return this.addToSession(
      run,
      pairs.map(({ parentId, child }) => ({ type: 'forkRun', parentId, run: child })),
      axes,
    );
  }

  async remove(id: string): Promise<void> {
    if (this.state.config.runs.length <= 1) return this.notify('An experiment needs at least one run');
    const ids = this.sessionIds(id);
    if (modeOf(this.state) === 'live') {
      try {
        for (const runId of ids) await this.session.send({ type: 'removeRun', runId });
      } catch (error) {
        return this.notify(`Could not remove the run: ${message(error)}`);
      }
    }
    this.setRuns(withoutRun(this.state.config.runs, id));
    this.session.store.update((s) => {
      for (const runId of ids) s.runs.delete(runId);
      return { ...s, version: s.version + 1 };
    });
  }

  /** Name, colour and (before training) method: page-side edits of the setup. */
  edit(id: string, change: (run: RunConfig) => RunConfig): void {
    this.setRuns(replaceRun(this.state.config.runs, id, change));
  }

  setOptimizer(id: string, optimizer: OptimizerName): void {
    if (modeOf(this.state) === 'live')
      this.notify('The method is fixed once a run trains: fork or add a run instead');
    else this.edit(id, (run) => withOptimizer(run, optimizer));
  }

  /**
   * One hyperparameter of one run. Returns the problem to show next to the field, if any: the page's
   * own range check first, then (while the run trains) the worker's answer.
   */
  async setHyperparam(id: string, patch: HyperparamPatch): Promise<string | undefined> {
    const live = modeOf(this.state) === 'live';
    const problem = patchProblem(patch);
    if (problem) return problem;
    if (live) {
      try {
        // Every value of a sweep takes the change (a swept knob itself is fixed per value).
        const sweptKeys = this.state.config.sweep.filter((a) => a.runId === id).map((a) => a.key as string);
        if (Object.keys(patch).some((key) => sweptKeys.includes(key)))
          return 'this knob is swept: each value of the sweep keeps its own';
        for (const runId of this.sessionIds(id))
          await this.session.send({ type: 'updateHyperparams', runId, patch });
        return undefined;
      } catch (error) {
        return message(error);
      }
    }
    this.edit(id, (run) => ({
      ...run,
      hparams: { ...run.hparams, ...patch, schedule: { ...run.hparams.schedule, ...patch.schedule } },
    }));
    return undefined;
  }
}
