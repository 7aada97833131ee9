/**
 * What the page's buttons and fields do, framework-free. Before the first step every edit changes the
 * setup (and the worker is re-configured, debounced). While runs train, knobs and run add/remove/fork
 * go to the worker and experiment edits wait in a draft (applying it discards the results). After
 * training, edits change the setup and "Train again" starts it.
 */

import { MAX_RUNS } from '../config/limits';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import type { ProbeConfig } from '../config/probes';
import { planReplicas } from '../config/replicas';
import type { RobustConfig } from '../config/robust';
import type { BackendChoice, ExperimentConfig, RunConfig } from '../config/schema';
import type { HyperparamPatch } from '../config/stream';
import type { OptimizerName } from '../methods/metas';
import type { RequestBody } from '../worker/protocol';
import { copyRun, newRun, patchProblem, replaceRun, withOptimizer, withoutRun } from './runEdits';
import { modeOf, setupProblem } from './sessionMode';
import { type AppState, addNotice, type Store } from './store';

export interface WorkerLink {
  request(body: RequestBody): Promise<unknown>;
}

/** Whether the data a dataset name refers to is at hand (the user's files may be on another machine). */
export type DataCheck = (dataset: string) => Promise<boolean>;

/** The part of a config that changes what trains (names and colours do not). */
const trainingKey = (config: ExperimentConfig) =>
  JSON.stringify({
    ...config,
    runs: config.runs.map(({ id, optimizer, hparams }) => ({ id, optimizer, hparams })),
  });

/** Settings that change no training: what to probe and how, and the robust evaluation (absent: off). */
export type EvaluationSettings = { probes: ProbeConfig } | { robust: RobustConfig | undefined };
/** Either setting as the setup holds it (absent: not set). */
type SettingsState = { probes: ProbeConfig | undefined } | { robust: RobustConfig | undefined };

function withSettings(config: ExperimentConfig, settings: SettingsState): ExperimentConfig {
  const { probes, robust, ...rest } = config;
  const kept =
    'probes' in settings ? { robust, probes: settings.probes } : { probes, robust: settings.robust };
  return {
    ...rest,
    ...(kept.probes ? { probes: kept.probes } : {}),
    ...(kept.robust ? { robust: kept.robust } : {}),
  };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class Experiment {
  link?: WorkerLink;
  private configured = '';
  private chain: Promise<void> = Promise.resolve();
  private queued?: { config: ExperimentConfig; force: boolean };
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly store: Store<AppState>,
    private readonly dataUrl: string,
    private readonly debounceMs = 250,
    private readonly hasData: DataCheck = async () => true,
  ) {}

  /** Starts talking to a (new) worker and sends it the setup. */
  connect(link: WorkerLink): void {
    this.link = link;
    this.configured = '';
    void this.configure(this.state.config);
  }

  disconnect(): void {
    clearTimeout(this.timer);
    this.link = undefined;
  }

  private get state(): AppState {
    return this.store.get();
  }

  notify(text: string): void {
    this.store.update((s) => addNotice(s, text));
  }

  private send(body: RequestBody): Promise<unknown> {
    if (!this.link) return Promise.reject(new Error('the training worker is not running'));
    return this.link.request(body);
  }

  /** Sends `config` unless the worker has it; one at a time (the worker refuses a configure while loading). */
  configure(config: ExperimentConfig, force = false): Promise<void> {
    clearTimeout(this.timer);
    this.queued = { config, force: force || (this.queued?.force ?? false) };
    this.chain = this.chain.then(async () => {
      const next = this.queued;
      this.queued = undefined;
      if (!next || (!next.force && trainingKey(next.config) === this.configured)) return;
      if (!(await this.dataAtHand(next.config.dataset))) {
        this.configured = '';
        return;
      }
      this.configured = trainingKey(next.config);
      try {
        await this.send({ type: 'configure', config: next.config, dataUrl: this.dataUrl });
      } catch (error) {
        this.configured = '';
        // A failed set-up (bad data file) is shown as the session's error already.
        if (this.state.status !== 'failed') this.notify(`Could not set up the experiment: ${message(error)}`);
      }
    });
    return this.chain;
  }

  /** Records whether `dataset`'s files are here; the worker is sent nothing while they are not. */
  private async dataAtHand(dataset: string): Promise<boolean> {
    const present = await this.hasData(dataset).catch(() => true);
    const missing = present ? undefined : dataset;
    if (this.state.missingDataset !== missing) this.store.update((s) => ({ ...s, missingDataset: missing }));
    return present;
  }

  /** The files the setup's dataset needs and this browser lacks, named for a message; undefined if none. */
  get waitingForData(): string | undefined {
    const { missingDataset, config } = this.state;
    return missingDataset === config.dataset ? missingDataset : undefined;
  }

  /** Changes the setup; before any result the worker follows shortly (debounced typing). */
  setConfig(config: ExperimentConfig): void {
    this.store.update((s) => ({ ...s, config }));
    if (modeOf(this.state) !== 'setup' || setupProblem(config)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.configure(this.state.config), this.debounceMs);
  }

  /** An experiment-level edit (dataset, model, batch…): held in a draft while runs train. */
  editExperiment(change: (config: ExperimentConfig) => ExperimentConfig): void {
    const { draft, config } = this.state;
    if (modeOf(this.state) === 'live') this.store.update((s) => ({ ...s, draft: change(draft ?? config) }));
    else this.setConfig(change(config));
  }

  /**
   * Probe or robust-evaluation settings. They change no training, so runs in progress take them at
   * once (no draft, no restart). Shown at once (a checkbox must not wait for the worker); undone if
   * the worker refuses, resolving to its reason, to show by the field.
   */
  async setEvaluationSettings(change: EvaluationSettings): Promise<string | undefined> {
    const { config } = this.state;
    if (modeOf(this.state) !== 'live') return void this.setConfig(withSettings(config, change));
    const before = 'probes' in change ? { probes: config.probes } : { robust: config.robust };
    this.showSettings(change);
    try {
      await this.send(
        'probes' in change
          ? { type: 'setProbes', probes: change.probes }
          : { type: 'setRobust', ...(change.robust ? { robust: change.robust } : {}) },
      );
      return undefined;
    } catch (error) {
      this.showSettings(before);
      return message(error);
    }
  }

  private showSettings(settings: SettingsState): void {
    this.store.update((s) => ({
      ...s,
      config: withSettings(s.config, settings),
      ...(s.draft ? { draft: withSettings(s.draft, settings) } : {}),
    }));
  }

  /** Starts the draft as a new experiment: the recorded results of this one are discarded. */
  applyDraft(): Promise<void> {
    const { draft } = this.state;
    if (!draft) return Promise.resolve();
    this.store.update((s) => ({ ...s, config: draft, draft: undefined }));
    return this.configure(draft, true);
  }

  discardDraft(): void {
    this.store.update((s) => ({ ...s, draft: undefined }));
  }

  async train(): Promise<void> {
    const { status } = this.state;
    const problem = setupProblem(this.state.config);
    if (problem) return this.notify(`Cannot train this model: ${problem}`);
    try {
      if (status === 'paused') return void (await this.send({ type: 'resume' }));
      await this.configure(this.state.config, modeOf(this.state) === 'finished');
      const waiting = this.waitingForData;
      if (waiting)
        return this.notify(`Give the page the files of ${waiting} first (see “Your dataset's files”)`);
      if (this.state.status === 'ready') await this.send({ type: 'start' });
    } catch (error) {
      this.notify(`Could not train: ${message(error)}`);
    }
  }

  /** pause, stepOnce, stop, evaluateNow: reported as a notice if the worker refuses. */
  command(type: 'pause' | 'stepOnce' | 'stop' | 'evaluateNow'): Promise<void> {
    return this.send({ type }).then(
      () => undefined,
      (error) => this.notify(`${type} failed: ${message(error)}`),
    );
  }

  /** A fresh session of the setup (new generation); imported runs stay. */
  reset(): Promise<void> {
    this.store.update((s) => ({ ...s, draft: undefined }));
    return this.configure(this.state.config, true);
  }

  async switchBackend(backend: BackendChoice): Promise<void> {
    try {
      await this.send({ type: 'switchBackend', backend });
      this.store.update((s) => ({ ...s, deviceLost: undefined }));
    } catch (error) {
      this.notify(`Could not switch to ${backend}: ${message(error)}`);
    }
  }

  /** A removed run takes its sweep axes with it. */
  private setRuns(runs: RunConfig[]): void {
    const sweep = this.state.config.sweep.filter((axis) => runs.some((run) => run.id === axis.runId));
    this.setConfig({ ...this.state.config, runs, sweep });
  }

  /** The session's runs of a setup run: itself, or each point of its sweep. */
  private sessionIds(id: string): string[] {
    const { runs, sweep, seed, seeds } = this.state.config;
    return planReplicas(runs, sweep, seed, seeds)
      .runs.filter((run) => run.sourceId === id)
      .map((run) => run.config.id);
  }

  private swept(id: string): boolean {
    return this.state.config.sweep.some((axis) => axis.runId === id);
  }

  /** Runs the worker trains now get a run via the worker first; the setup follows on success. */
  private async addToSession(run: RunConfig, body: RequestBody): Promise<void> {
    if (this.state.config.runs.length >= MAX_RUNS)
      return this.notify(`At most ${MAX_RUNS} runs can be compared at once`);
    if (modeOf(this.state) === 'live') {
      try {
        await this.send(body);
      } catch (error) {
        return this.notify(`Could not add ${run.name}: ${message(error)}`);
      }
    }
    this.setRuns([...this.state.config.runs, run]);
  }

  addRun(optimizer: OptimizerName): Promise<void> {
    const run = newRun(this.state.config.runs, optimizer, DEFAULT_HYPERPARAMS);
    return this.addToSession(run, { type: 'addRun', run });
  }

  /** The live values when the run trains (what you see is what you copy), else its setup. */
  private currentHparams(run: RunConfig) {
    return this.state.runs.get(run.id)?.info?.hparams ?? run.hparams;
  }

  duplicateRun(id: string): Promise<void> {
    const source = this.state.config.runs.find((r) => r.id === id);
    if (!source) return Promise.resolve();
    if (this.swept(id) && modeOf(this.state) === 'live')
      return Promise.resolve(
        this.notify('A swept run cannot be copied while it trains: copy it after training'),
      );
    const run = copyRun(this.state.config.runs, source, this.currentHparams(source), 'copy');
    return this.addToSession(run, { type: 'addRun', run });
  }

  /** A new run from the parent's current weights and step (live only). */
  forkRun(id: string): Promise<void> {
    const source = this.state.config.runs.find((r) => r.id === id);
    if (!source) return Promise.resolve();
    if (this.swept(id))
      return Promise.resolve(
        this.notify('A swept run has one state per value: fork one of its values by adding a run instead'),
      );
    const step = this.state.runs.get(id)?.info?.step ?? 0;
    const run = copyRun(this.state.config.runs, source, this.currentHparams(source), `fork @${step}`);
    return this.addToSession(run, { type: 'forkRun', parentId: id, run });
  }

  async removeRun(id: string): Promise<void> {
    if (this.state.config.runs.length <= 1) return this.notify('An experiment needs at least one run');
    const ids = this.sessionIds(id);
    if (modeOf(this.state) === 'live') {
      try {
        for (const runId of ids) await this.send({ type: 'removeRun', runId });
      } catch (error) {
        return this.notify(`Could not remove the run: ${message(error)}`);
      }
    }
    this.setRuns(withoutRun(this.state.config.runs, id));
    this.store.update((s) => {
      for (const runId of ids) s.runs.delete(runId);
      return { ...s, version: s.version + 1 };
    });
  }

  /** Name, colour and (before training) method: page-side edits of the setup. */
  editRun(id: string, change: (run: RunConfig) => RunConfig): void {
    this.setRuns(replaceRun(this.state.config.runs, id, change));
  }

  setOptimizer(id: string, optimizer: OptimizerName): void {
    if (modeOf(this.state) === 'live')
      this.notify('The method is fixed once a run trains: fork or add a run instead');
    else this.editRun(id, (run) => withOptimizer(run, optimizer));
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
        for (const runId of this.sessionIds(id)) await this.send({ type: 'updateHyperparams', runId, patch });
        return undefined;
      } catch (error) {
        return message(error);
      }
    }
    this.editRun(id, (run) => ({
      ...run,
      hparams: { ...run.hparams, ...patch, schedule: { ...run.hparams.schedule, ...patch.schedule } },
    }));
    return undefined;
  }

  toggleHidden(key: string): void {
    this.store.update((s) => {
      const hidden = new Set(s.hidden);
      if (!hidden.delete(key)) hidden.add(key);
      return { ...s, hidden };
    });
  }

  dismissNotice(index: number): void {
    this.store.update((s) => ({ ...s, notices: s.notices.filter((_, i) => i !== index) }));
  }
}
