/**
 * The page's line to the training worker: sends the setup (once per change that alters training,
 * one at a time, debounced while the user types), holds it back while the dataset's files are not
 * in this browser, and reports refusals as notices. The page's actions build on it (experiment.ts,
 * runActions.ts).
 */

import type { ExperimentConfig } from '../config/schema';
import type { RequestBody } from '../worker/protocol';
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

export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class SessionLink {
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

  get state(): AppState {
    return this.store.get();
  }

  notify(text: string): void {
    this.store.update((s) => addNotice(s, text));
  }

  send(body: RequestBody): Promise<unknown> {
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
}
