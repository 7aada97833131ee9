/**
 * What a training session is made of in the worker: the backend (and whether its device was lost),
 * the loaded data, the experiment config, the session and its probes. This builds and replaces
 * them; the controller decides when, and owns the training lifecycle around them.
 */
import { schemaProblem } from '../config/knobSchema';
import {
  DEFAULT_PROBE_CONFIG,
  type ProbeConfig,
  type ProbeRecord,
  probeConfigSchema,
} from '../config/probes';
import { type RobustConfig, robustConfigSchema } from '../config/robust';
import { type BackendChoice, type ExperimentConfig, modelLayersFor } from '../config/schema';
import {
  type BackendPreparers,
  type BackendReport,
  selectBackend,
  webGpuDeviceLost,
} from '../engine/backend/select';
import type { ImageDataset } from '../engine/data/dataset';
import { baseDatasetKey, type DataConfig } from '../engine/data/experimentData';
import { SessionProbes } from '../engine/probes/sessionProbes';
import { sessionOptionsFor } from '../engine/session/fromConfig';
import { Session, type SessionSnapshot } from '../engine/session/session';
import { ProbePump } from './probePump';
import type { WorkerEvent } from './protocol';

/** Loads the config's dataset before its regime (the controller applies subset and label noise). */
export type DatasetLoader = (
  config: DataConfig,
  dataUrl: string,
  post: (event: WorkerEvent) => void,
) => Promise<ImageDataset>;

/** Changes when the files behind the config's dataset name are saved again (a drop); '' for fixed data. */
export type DataVersion = (config: DataConfig) => Promise<string>;

export interface SetupHost {
  readonly post: (event: WorkerEvent) => void;
  readonly loadDataset: DatasetLoader;
  readonly preparers: BackendPreparers;
  readonly dataVersion: DataVersion;
  /** The backend's GPU device was lost (said once per backend started). */
  readonly onDeviceLost: (message: string) => void;
}

export class SessionSetup {
  config?: ExperimentConfig;
  backend?: BackendReport;
  session?: Session;
  probes?: ProbePump;
  /** Why the backend's device is gone; training waits for another backend. */
  deviceLostMessage?: string;
  private dataset?: { key: string; value: ImageDataset };

  constructor(private readonly host: SetupHost) {}

  /** Takes `config`: its backend (again after a lost device) and its data (unless loaded already). */
  async load(config: ExperimentConfig, dataUrl: string): Promise<void> {
    this.config = config;
    if (this.backend?.requested !== config.backend || this.deviceLostMessage)
      await this.startBackend(config.backend);
    const key = `${baseDatasetKey(config)}|${dataUrl}|${await this.host.dataVersion(config)}`;
    if (this.dataset?.key !== key) {
      this.dataset = undefined;
      this.dataset = { key, value: await this.host.loadDataset(config, dataUrl, this.host.post) };
    }
  }

  async startBackend(choice: BackendChoice): Promise<void> {
    this.backend = await selectBackend(choice, this.host.preparers);
    this.deviceLostMessage = undefined;
    this.host.post({ type: 'backend', report: this.backend });
    void webGpuDeviceLost().then((message) => {
      if (this.deviceLostMessage) return;
      this.deviceLostMessage = message;
      this.host.onDeviceLost(message);
    });
  }

  /** A fresh session, or one continuing `restoreFrom`; the old one is freed. */
  build(restoreFrom?: SessionSnapshot): Session {
    const { config, dataset } = this;
    if (!config || !dataset) throw new Error('configure the session first');
    const options = sessionOptionsFor(config, dataset.value);
    this.session?.dispose();
    this.session = undefined;
    this.session = restoreFrom
      ? Session.restore(options, restoreFrom, this.backend?.backend ?? 'unknown')
      : new Session(options);
    return this.session;
  }

  /** Probes for the session, sent as `generation`; a restored one keeps the records so far (the runs go on). */
  replaceProbes(generation: number, records: readonly ProbeRecord[]): void {
    void this.probes?.stop();
    const { config, dataset, session } = this;
    if (!config || !dataset || !session) return;
    const settings = config.probes ?? DEFAULT_PROBE_CONFIG;
    const layers = modelLayersFor(config, dataset.value.numClasses);
    const probes = new SessionProbes(session, layers, settings, config.seed);
    this.probes = new ProbePump(
      probes,
      (message) => this.host.post({ type: 'probe', generation, message }),
      records,
    );
  }

  /** Probe settings change no training: the session takes them as it runs. Throws on invalid ones. */
  setProbes(probes: ProbeConfig): void {
    const problem = schemaProblem('probes', probeConfigSchema, probes);
    if (problem || !this.config) throw new Error(problem ?? 'nothing to set: the session is not configured');
    this.config = { ...this.config, probes };
    this.probes?.configure(probes);
  }

  /** Robust settings change no training: the next evaluation uses them. Throws on invalid ones. */
  setRobust(robust: RobustConfig | undefined): void {
    const problem = robust && schemaProblem('robust', robustConfigSchema, robust);
    if (problem || !this.config) throw new Error(problem ?? 'nothing to set: the session is not configured');
    const { robust: _, ...rest } = this.config;
    this.config = robust ? { ...rest, robust } : rest;
    this.session?.setRobustSettings(robust);
  }

  requireSession(): Session {
    if (!this.session) throw new Error('nothing to train: the session is not configured');
    return this.session;
  }

  /** Frees the old session; after a lost device its GPU memory is gone already and disposal may fail. */
  disposeSessionAfterLoss(): void {
    try {
      this.session?.dispose();
    } catch (error) {
      this.host.post({
        type: 'failed',
        message: `could not free the old session: ${(error as Error).message}`,
      });
    }
    this.session = undefined;
  }

  /** Notes the first step's time in the backend report (once per backend): the badge shows it. */
  noteFirstStep(ms: number): void {
    if (!this.backend || this.backend.firstStepMs !== undefined) return;
    this.backend = { ...this.backend, firstStepMs: ms };
    this.host.post({ type: 'backend', report: this.backend });
  }
}
