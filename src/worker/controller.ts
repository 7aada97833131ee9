/**
 * The worker's state machine: configure (backend, data, session), the training commands, live run
 * edits, and recovery onto another backend from a snapshot. Host-agnostic: it talks through `post`,
 * so it runs in a Web Worker and in Node tests alike.
 */
import * as tf from '@tensorflow/tfjs';
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
import { exampleValues, type ImageDataset } from '../engine/data/dataset';
import { baseDatasetKey, type DataConfig } from '../engine/data/experimentData';
import { SessionProbes } from '../engine/probes/sessionProbes';
import { isPlanar } from '../engine/session/dataRegimeEvaluation';
import { sessionOptionsFor } from '../engine/session/fromConfig';
import { Session, type SessionOptions, type SessionSnapshot } from '../engine/session/session';
import { StreamHistory } from './history';
import { MetricStream, type StreamBatch } from './metricStream';
import { ProbePump } from './probePump';
import {
  MAX_BOUNDARY_POINTS,
  type Progress,
  type RunStatus,
  type SessionStatus,
  type TrainingPoints,
  type WeightsExport,
  type WorkerEvent,
  type WorkerRequest,
} from './protocol';
import { RobustRunner } from './robustRunner';
import { runStatus } from './runStatus';
import { ThroughputMeter } from './throughput';
import { runTrainingLoop } from './trainLoop';

/** Loads the config's dataset before its regime (the controller applies subset and label noise). */
export type DatasetLoader = (
  config: DataConfig,
  dataUrl: string,
  post: (event: WorkerEvent) => void,
) => Promise<ImageDataset>;

/** Changes when the files behind the config's dataset name are saved again (a drop); '' for fixed data. */
export type DataVersion = (config: DataConfig) => Promise<string>;

export class TrainerController {
  private status: SessionStatus = 'idle';
  private generation = 0;
  private sequence = 0;
  private config?: ExperimentConfig;
  private backend?: BackendReport;
  private dataset?: { key: string; value: ImageDataset };
  private session?: Session;
  private probes?: ProbePump;
  private snapshot?: { tick: number; value: SessionSnapshot };
  private loop?: Promise<void>;
  private deviceLostMessage?: string;
  private lastStepAt?: number;
  private history = new StreamHistory();
  private throughput = new ThroughputMeter();
  private readonly stream = new MetricStream((batch) => this.send(batch));
  private readonly robust = new RobustRunner((events) => this.stream.addEvents(events));

  constructor(
    private readonly post: (event: WorkerEvent) => void,
    private readonly loadDataset: DatasetLoader,
    private readonly preparers: BackendPreparers = {},
    private readonly dataVersion: DataVersion = async () => '',
  ) {}

  async handle(request: WorkerRequest): Promise<void> {
    try {
      const result = await this.dispatch(request);
      this.post({
        type: 'reply',
        requestId: request.requestId,
        ok: true,
        ...(result === undefined ? {} : { result }),
      });
    } catch (error) {
      this.post({ type: 'reply', requestId: request.requestId, ok: false, error: (error as Error).message });
    }
  }

  private async dispatch(request: WorkerRequest): Promise<unknown> {
    switch (request.type) {
      case 'configure':
        return this.configure(request.config, request.dataUrl);
      case 'start':
      case 'resume':
        return this.start();
      case 'stepOnce':
        return this.start(1);
      case 'pause':
        return this.pause();
      case 'stop':
        await this.halt('done');
        return;
      case 'reset':
        await this.halt('ready');
        return this.buildSession();
      case 'updateHyperparams':
        return this.edit((s) => s.updateHyperparams(request.runId, request.patch));
      case 'addRun':
        return this.edit((s) => s.addRun(request.run));
      case 'removeRun':
        return this.edit((s) => s.removeRun(request.runId));
      case 'forkRun':
        return this.edit((s) => s.forkRun(request.parentId, request.run));
      case 'evaluateNow':
        return this.evaluateNow();
      case 'exportWeights':
        return this.exportWeights(request.runId, request.replica);
      case 'replay':
        return this.replay();
      case 'switchBackend':
        return this.switchBackend(request.backend);
      case 'probe': {
        if (!this.probes) throw new Error('nothing to probe: the session is not configured');
        const lineStart = request.lineFrom ? { runId: request.lineFrom } : 'init';
        return this.probes.request(request.kind, request.runIds, lineStart);
      }
      case 'setProbes':
        return this.setProbes(request.probes);
      case 'setRobust':
        return this.setRobust(request.robust);
      case 'checkpoint':
        return this.snapshot ? { step: this.snapshot.tick, snapshot: this.snapshot.value } : undefined;
      case 'restoreSnapshot':
        return this.restoreSnapshot(request.snapshot, request.elapsedMs ?? 0);
    }
  }

  private async configure(config: ExperimentConfig, dataUrl: string): Promise<void> {
    if (this.status === 'loading') throw new Error('still loading the previous configuration');
    await this.halt('loading');
    this.config = config;
    this.setStatus('loading');
    try {
      if (this.backend?.requested !== config.backend || this.deviceLostMessage)
        await this.startBackend(config.backend);
      const key = `${baseDatasetKey(config)}|${dataUrl}|${await this.dataVersion(config)}`;
      if (this.dataset?.key !== key) {
        this.dataset = undefined;
        this.dataset = { key, value: await this.loadDataset(config, dataUrl, this.post) };
      }
      this.buildSession();
    } catch (error) {
      this.setStatus('failed', (error as Error).message);
      throw error;
    }
  }

  private async startBackend(choice: BackendChoice): Promise<void> {
    this.backend = await selectBackend(choice, this.preparers);
    this.deviceLostMessage = undefined;
    this.post({ type: 'backend', report: this.backend });
    void webGpuDeviceLost().then((message) => this.onDeviceLost(message));
  }

  private sessionOptions(): SessionOptions {
    const { config, dataset } = this;
    if (!config || !dataset) throw new Error('configure the session first');
    return sessionOptionsFor(config, dataset.value);
  }

  private buildSession(restoreFrom?: SessionSnapshot): void {
    const options = this.sessionOptions();
    this.session?.dispose();
    this.session = undefined;
    if (restoreFrom) {
      this.session = Session.restore(options, restoreFrom, this.backend?.backend ?? 'unknown');
    } else {
      this.session = new Session(options);
      this.generation += 1;
      this.sequence = 0;
      this.history.clear();
      this.snapshot = undefined;
      this.throughput = new ThroughputMeter();
      const dataset = this.session.trainingDataOf(0);
      this.post({
        type: 'ready',
        generation: this.generation,
        paramCount: this.session.paramCount,
        stepsPerEpoch: this.session.batcher.stepsPerEpoch,
        trainCount: dataset.train.count,
        testCount: dataset.test.count,
        classNames: [...dataset.classNames],
        ...planarPoints(dataset),
      });
    }
    this.replaceProbes(restoreFrom ? (this.probes?.records ?? []) : []);
    this.setStatus(restoreFrom ? 'paused' : 'ready');
  }

  /** Probes for the new session; a restored one keeps the records so far (the runs go on). */
  private replaceProbes(records: readonly ProbeRecord[]): void {
    void this.probes?.stop();
    const { config, dataset, session, generation } = this;
    if (!config || !dataset || !session) return;
    const settings = config.probes ?? DEFAULT_PROBE_CONFIG;
    const layers = modelLayersFor(config, dataset.value.numClasses);
    const probes = new SessionProbes(session, layers, settings, config.seed);
    this.probes = new ProbePump(
      probes,
      (message) => this.post({ type: 'probe', generation, message }),
      records,
    );
  }

  /** Probe settings change no training: the session takes them as it runs. Throws on invalid ones. */
  private setProbes(probes: ProbeConfig): void {
    const problem = schemaProblem('probes', probeConfigSchema, probes);
    if (problem || !this.config) throw new Error(problem ?? 'nothing to set: the session is not configured');
    this.config = { ...this.config, probes };
    this.probes?.configure(probes);
  }

  /** Robust settings change no training: the next evaluation uses them. Throws on invalid ones. */
  private setRobust(robust: RobustConfig | undefined): void {
    const problem = robust && schemaProblem('robust', robustConfigSchema, robust);
    if (problem || !this.config) throw new Error(problem ?? 'nothing to set: the session is not configured');
    const { robust: _, ...rest } = this.config;
    this.config = robust ? { ...rest, robust } : rest;
    this.session?.setRobustSettings(robust);
  }

  private requireSession(): Session {
    if (!this.session) throw new Error('nothing to train: the session is not configured');
    return this.session;
  }

  private async start(maxTicks?: number): Promise<void> {
    const session = this.requireSession();
    if (this.deviceLostMessage) throw new Error(`${this.deviceLostMessage}: switch to another backend first`);
    if (this.status === 'training') return;
    if (session.activeRuns.length === 0)
      throw new Error('every run has finished or diverged: reset to train again');
    this.setStatus('training');
    const generation = this.generation;
    this.reportFirstStepStarting(session);
    // A device lost before the first timed snapshot can still resume: from where this training began.
    if (!this.snapshot) await this.takeSnapshot();
    this.throughput.resume(session.tick, this.examplesTrained(session));
    this.loop = runTrainingLoop(session, this.stream, {
      shouldContinue: () =>
        this.status === 'training' && this.generation === generation && !this.deviceLostMessage,
      evalEvery: this.config?.evalEvery ?? 100,
      maxTicks,
      onFirstTick: (ms) => this.reportFirstStep(ms),
      onProgress: (tick, stepDoneAt) => {
        this.throughput.record(tick, this.examplesTrained(session));
        this.lastStepAt = stepDoneAt;
      },
      onSnapshotDue: () => this.takeSnapshot(),
      onTick: (tick) => this.probes?.onTick(tick),
      robust: this.robust,
    })
      .then(async () => {
        this.throughput.pause();
        this.post({ type: 'activity', generation });
        if (this.status !== 'training') return;
        await this.takeSnapshot();
        this.setStatus(session.activeRuns.length === 0 ? 'done' : 'paused');
      })
      .catch((error: Error) => this.onLoopError(error));
  }

  private async pause(): Promise<void> {
    if (this.status !== 'training') throw new Error(`cannot pause while ${this.status}`);
    await this.halt('paused');
    await this.takeSnapshot();
  }

  /** Stops the loop at the next step boundary (its last metrics flushed) and sets `status`. */
  private async halt(status: SessionStatus): Promise<void> {
    const wasTraining = this.status === 'training';
    this.status = status;
    await this.loop;
    this.loop = undefined;
    // A pause keeps a robust evaluation in progress (training resumes it); anything else drops it.
    if (status !== 'paused') await this.dropRobust();
    if (wasTraining || status === 'done') this.setStatus(status);
  }

  private async edit(change: (session: Session) => void): Promise<void> {
    const session = this.requireSession();
    change(session);
    this.stream.addEvents(session.drainEvents());
    if (this.status !== 'training') this.flushNow();
  }

  private async evaluateNow(): Promise<void> {
    const session = this.requireSession();
    if (this.deviceLostMessage) throw new Error(this.deviceLostMessage);
    this.stream.addEvaluations(await session.evaluate());
    await this.robust.start(session);
    // While training, the loop advances it between steps; otherwise it runs now.
    if (this.status !== 'training') await this.robust.finish();
    this.flushNow();
  }

  /** Frees a robust evaluation in progress; after a lost device its memory is gone and freeing may fail. */
  private async dropRobust(): Promise<void> {
    try {
      await this.robust.cancel();
    } catch (error) {
      this.post({
        type: 'failed',
        message: `could not free the robust evaluation: ${(error as Error).message}`,
      });
    }
  }

  /**
   * One seed's weights of a run: replica `replica` (0 when absent: seed `config.seed`, what a
   * one-seed session trains), with the seed it trained with. Throws naming the replica if there is none.
   */
  private async exportWeights(runId: string, replica = 0): Promise<WeightsExport> {
    const session = this.requireSession();
    const replicas = session.replicasOf(runId);
    const run = replicas[replica];
    if (!run)
      throw new Error(`replica: run "${runId}" has replicas 0–${replicas.length - 1}, not ${replica}`);
    const tensors = await Promise.all(
      run.model.params.map(async (param) => ({
        name: param.name,
        shape: [...param.shape],
        values: (await param.data()) as Float32Array,
      })),
    );
    return { runId, replica, seed: run.seed, step: run.step, tensors };
  }

  private replay(): void {
    this.sequence = 0;
    this.post(this.metricsEvent(this.history.all(), true));
    for (const [i, record] of (this.probes?.records ?? []).entries())
      this.post({
        type: 'probe',
        generation: this.generation,
        message: { kind: 'finished', id: `replay-${i}`, record },
      });
  }

  private async switchBackend(choice: BackendChoice): Promise<void> {
    await this.halt('paused');
    // The snapshot keeps a robust evaluation in progress; its copies on this backend go before the switch.
    if (!this.deviceLostMessage && this.session) await this.takeSnapshot();
    await this.dropRobust();
    const snapshot = this.snapshot?.value;
    if (!snapshot) throw new Error('no snapshot to continue from yet: reset instead');
    this.disposeSessionAfterLoss();
    await this.startBackend(choice);
    this.buildSession(snapshot);
    await this.robust.resume(this.requireSession(), snapshot.robust);
    this.stream.discardMetrics();
    this.stream.addEvents(this.requireSession().drainEvents());
    this.flushNow();
  }

  /** The configured session continues from `snapshot` (same steps, weights and optimizer state), paused. */
  private async restoreSnapshot(snapshot: SessionSnapshot, elapsedMs: number): Promise<void> {
    this.requireSession();
    await this.halt('paused');
    this.buildSession(snapshot);
    await this.robust.resume(this.requireSession(), snapshot.robust);
    this.stream.discardMetrics();
    this.throughput.startAt(elapsedMs);
    this.snapshot = { tick: this.requireSession().tick, value: snapshot };
    this.stream.addEvents(this.requireSession().drainEvents());
    this.flushNow();
  }

  /** Frees the old session; after a lost device its GPU memory is gone already and disposal may fail. */
  private disposeSessionAfterLoss(): void {
    try {
      this.session?.dispose();
    } catch (error) {
      this.post({ type: 'failed', message: `could not free the old session: ${(error as Error).message}` });
    }
    this.session = undefined;
  }

  /** The runs' state and any robust evaluation in progress (redone on restore), on the host. */
  private async takeSnapshot(): Promise<void> {
    if (!this.session || this.deviceLostMessage) return;
    const tick = this.session.tick;
    const [runs, robust] = await Promise.all([this.session.snapshot(), this.robust.pending()]);
    this.snapshot = { tick, value: robust ? { ...runs, robust } : runs };
  }

  private onDeviceLost(message: string): void {
    if (this.deviceLostMessage) return;
    this.deviceLostMessage = message;
    if (this.status === 'training') this.status = 'paused';
    this.setStatus('paused', message);
    this.post({
      type: 'deviceLost',
      generation: this.generation,
      message,
      snapshotStep: this.snapshot?.tick ?? 0,
    });
  }

  private onLoopError(error: Error): void {
    this.throughput.pause();
    if (this.deviceLostMessage) return; // the loop failed because the device went away: reported already
    this.setStatus('failed', error.message);
    this.post({ type: 'failed', message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
  }

  /** Says the first tick has begun: on a GPU's first step (shaders compiling) it can take long. */
  private reportFirstStepStarting(session: Session): void {
    const backend = this.backend?.backend;
    const stepsPerSecond = this.throughput.stepsPerSecond();
    this.post({
      type: 'activity',
      generation: this.generation,
      activity: {
        kind: 'firstStep',
        compilesShaders:
          (backend === 'webgl' || backend === 'webgpu') && this.backend?.firstStepMs === undefined,
        runs: session.activeRuns.length,
        startedAt: performance.timeOrigin + performance.now(),
        ...(stepsPerSecond > 0 ? { estimateMs: 1000 / stepsPerSecond } : {}),
      },
    });
  }

  private reportFirstStep(ms: number): void {
    this.post({ type: 'activity', generation: this.generation });
    if (!this.backend || this.backend.firstStepMs !== undefined) return;
    this.backend = { ...this.backend, firstStepMs: ms };
    this.post({ type: 'backend', report: this.backend });
  }

  private flushNow(): void {
    this.stream.flush(true);
  }

  private send(batch: StreamBatch): void {
    this.history.record(batch);
    this.post(this.metricsEvent(batch, false));
  }

  private metricsEvent(batch: StreamBatch, replayed: boolean): WorkerEvent {
    return {
      type: 'metrics',
      generation: this.generation,
      sequence: this.sequence++,
      ...batch,
      ...(replayed ? { replayed } : {}),
      runs: this.runStatuses(),
      progress: this.progress(),
    };
  }

  private runStatuses(): RunStatus[] {
    const session = this.session;
    if (!session) return [];
    const ids = [...new Set(session.runList.map((run) => run.id))];
    return ids.map((id) => runStatus(session.replicasOf(id), this.synchronousBackend()));
  }

  /** On CPU and WASM ops run when called, so timing a run's step call measures it; GPUs only enqueue. */
  private synchronousBackend(): boolean {
    return this.backend?.backend === 'wasm' || this.backend?.backend === 'cpu';
  }

  private examplesTrained(session: Session): number {
    return session.runList.reduce((sum, run) => sum + run.step, 0) * (this.config?.batchSize ?? 0);
  }

  private progress(): Progress {
    const tick = this.session?.tick ?? 0;
    const stepsPerSecond = this.throughput.stepsPerSecond();
    const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    const initialEvaluation = this.session?.initialEvaluationProgress;
    return {
      step: tick,
      totalSteps: this.config?.steps ?? 0,
      epoch: this.session ? tick / this.session.batcher.stepsPerEpoch : 0,
      stepsPerEpoch: this.session?.batcher.stepsPerEpoch ?? 0,
      stepsPerSecond,
      examplesPerSecond: this.throughput.examplesPerSecond(),
      elapsedMs: this.throughput.elapsedMs(),
      numTensors: memory.numTensors,
      numBytes: memory.numBytes,
      ...(memory.numBytesInGPU === undefined ? {} : { gpuBytes: memory.numBytesInGPU }),
      ...(this.lastStepAt === undefined ? {} : { lastStepAt: this.lastStepAt }),
      ...(initialEvaluation ? { initialEvaluation } : {}),
      ...(this.robust.progress ? { robust: this.robust.progress } : {}),
    };
  }

  private setStatus(status: SessionStatus, message?: string): void {
    this.status = status;
    this.post({ type: 'status', generation: this.generation, status, ...(message ? { message } : {}) });
  }
}

/** The first training points of 2-D data (with the labels training sees), for the boundary view. */
function planarPoints(dataset: ImageDataset): { points?: TrainingPoints } {
  if (!isPlanar(dataset)) return {};
  const count = Math.min(dataset.train.count, MAX_BOUNDARY_POINTS);
  const xy = new Float32Array(2 * count);
  for (let i = 0; i < count; i++) xy.set(exampleValues(dataset.train, i, 2), 2 * i);
  return { points: { xy, labels: dataset.train.labels.slice(0, count) } };
}
