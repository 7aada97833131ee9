/**
 * What the page's buttons and fields do, framework-free. Before the first step every edit changes the
 * setup (and the worker is re-configured, debounced). While runs train, knobs and run add/remove/fork
 * go to the worker (runActions.ts) and experiment edits wait in a draft (applying it discards the
 * results). After training, edits change the setup and "Train again" starts it.
 */

import type { BackendChoice, ExperimentConfig } from '../config/schema';
import { type EvaluationSettings, type SettingsState, withSettings } from './evaluationSettings';
import { RunActions } from './runActions';
import { message, SessionLink } from './sessionLink';
import { modeOf, setupProblem } from './sessionMode';

export class Experiment extends SessionLink {
  /** Add, duplicate, fork, remove and edit runs. */
  readonly runs = new RunActions(this);

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
