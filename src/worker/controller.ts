/**
 * The worker's state machine: the training lifecycle (configure, train, pause, stop, reset), live
 * run edits, evaluations, snapshots and recovery onto another backend from one. What the session is
 * made of lives in `SessionSetup`; what the page is told, in `sessionReports` and `MetricsOutbox`.
 * Host-agnostic: it talks through `post`, so it runs in a Web Worker and in Node tests alike.
 */

import type { ProbeConfig, ProbeKind } from '../config/probes';
import type { RobustConfig } from '../config/robust';
import type { BackendChoice, ExperimentConfig } from '../config/schema';
import type { BackendPreparers } from '../engine/backend/select';
import type { Session, SessionSnapshot } from '../engine/session/session';
import { MetricStream } from './metricStream';
import { MetricsOutbox } from './metricsOutbox';
import type { Checkpoint, SessionStatus, WeightsExport, WorkerEvent, WorkerRequest } from './protocol';
import { answer, type TrainerCommands } from './requestRoutes';
import { RobustRunner } from './robustRunner';
import { type CheckpointReply, CheckpointSaver, type CheckpointWrite } from './savedCheckpoints';
import { examplesTrained, firstStepActivity, progressOf, readyEvent, runStatusesOf } from './sessionReports';
import { type DatasetLoader, type DataVersion, SessionSetup } from './sessionSetup';
import { ThroughputMeter } from './throughput';
import { runTrainingLoop } from './trainLoop';
import { exportRunWeights } from './weightsExport';

export type { DatasetLoader, DataVersion } from './sessionSetup';

export class TrainerController implements TrainerCommands {
  private status: SessionStatus = 'idle';
  private generation = 0;
  private readonly setup: SessionSetup;
  private snapshot?: { tick: number; value: SessionSnapshot };
  private loop?: Promise<void>;
  private lastStepAt?: number;
  private throughput = new ThroughputMeter();
  private readonly outbox = new MetricsOutbox(
    (event) => this.post(event),
    () => ({
      generation: this.generation,
      runs: runStatusesOf(this.setup.session, this.setup.backend),
      progress: progressOf({
        session: this.setup.session,
        config: this.setup.config,
        throughput: this.throughput,
        lastStepAt: this.lastStepAt,
        robust: this.robust.progress,
      }),
    }),
  );
  private readonly stream = new MetricStream((batch) => this.outbox.send(batch));
  private readonly robust = new RobustRunner((events) => this.stream.addEvents(events));
  private readonly checkpoints: CheckpointSaver;

  constructor(
    private readonly post: (event: WorkerEvent) => void,
    loadDataset: DatasetLoader,
    preparers: BackendPreparers = {},
    dataVersion: DataVersion = async () => '',
    writeCheckpoint?: CheckpointWrite,
  ) {
    this.checkpoints = new CheckpointSaver(writeCheckpoint);
    this.setup = new SessionSetup({
      post,
      loadDataset,
      preparers,
      dataVersion,
      onDeviceLost: (message) => this.onDeviceLost(message),
    });
  }

  /** Runs one request from the page and posts its reply. */
  handle(request: WorkerRequest): Promise<void> {
    return answer(this, request, this.post);
  }

  async configure(config: ExperimentConfig, dataUrl: string): Promise<void> {
    if (this.status === 'loading') throw new Error('still loading the previous configuration');
    await this.halt('loading');
    this.setStatus('loading');
    try {
      await this.setup.load(config, dataUrl);
      this.buildSession();
    } catch (error) {
      this.setStatus('failed', (error as Error).message);
      throw error;
    }
  }

  /** A fresh session (a new generation: the page starts over), or one continuing `restoreFrom`, paused. */
  private buildSession(restoreFrom?: SessionSnapshot): void {
    const records = restoreFrom ? (this.setup.probes?.records ?? []) : [];
    const session = this.setup.build(restoreFrom);
    if (!restoreFrom) {
      this.generation += 1;
      this.outbox.reset();
      this.snapshot = undefined;
      this.throughput = new ThroughputMeter();
      this.post(readyEvent(session, this.generation));
    }
    this.setup.replaceProbes(this.generation, records);
    this.setStatus(restoreFrom ? 'paused' : 'ready');
  }

  private requireSession(): Session {
    return this.setup.requireSession();
  }

  async stop(): Promise<void> {
    await this.halt('done');
  }

  async reset(): Promise<void> {
    await this.halt('ready');
    this.buildSession();
  }

  exportWeights(runId: string, replica?: number): Promise<WeightsExport> {
    return exportRunWeights(this.requireSession(), runId, replica);
  }

  probe(kind: ProbeKind, runIds: readonly string[], lineFrom?: string): string[] {
    const { probes } = this.setup;
    if (!probes) throw new Error('nothing to probe: the session is not configured');
    return probes.request(kind, runIds, lineFrom ? { runId: lineFrom } : 'init');
  }

  setProbes(probes: ProbeConfig): void {
    this.setup.setProbes(probes);
  }

  setRobust(robust: RobustConfig | undefined): void {
    this.setup.setRobust(robust);
  }

  checkpoint(): Checkpoint | undefined {
    return this.snapshot ? { step: this.snapshot.tick, snapshot: this.snapshot.value } : undefined;
  }

  /** The latest checkpoint written for the page's saved session `recordId`; undefined before the first. */
  async saveCheckpoint(recordId: string): Promise<CheckpointReply | undefined> {
    const checkpoint = this.checkpoint();
    return checkpoint && this.checkpoints.save(recordId, checkpoint);
  }

  async start(maxTicks?: number): Promise<void> {
    const session = this.requireSession();
    if (this.setup.deviceLostMessage)
      throw new Error(`${this.setup.deviceLostMessage}: switch to another backend first`);
    if (this.status === 'training') return;
    if (session.activeRuns.length === 0)
      throw new Error('every run has finished or diverged: reset to train again');
    this.setStatus('training');
    const generation = this.generation;
    this.post({
      type: 'activity',
      generation,
      activity: firstStepActivity(session, this.setup.backend, this.throughput),
    });
    // A device lost before the first timed snapshot can still resume: from where this training began.
    if (!this.snapshot) await this.takeSnapshot();
    this.throughput.resume(session.tick, examplesTrained(session, this.setup.config));
    this.loop = runTrainingLoop(session, this.stream, {
      shouldContinue: () =>
        this.status === 'training' && this.generation === generation && !this.setup.deviceLostMessage,
      evalEvery: this.setup.config?.evalEvery ?? 100,
      maxTicks,
      onFirstTick: (ms) => this.reportFirstStep(ms),
      onProgress: (tick, stepDoneAt) => {
        this.throughput.record(tick, examplesTrained(session, this.setup.config));
        this.lastStepAt = stepDoneAt;
      },
      onSnapshotDue: () => this.takeSnapshot(),
      onTick: (tick) => this.setup.probes?.onTick(tick),
      robust: this.robust,
      beforeStep: () => this.checkpoints.settled(),
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

  async pause(): Promise<void> {
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

  async edit(change: (session: Session) => void): Promise<void> {
    const session = this.requireSession();
    change(session);
    this.stream.addEvents(session.drainEvents());
    if (this.status !== 'training') this.flushNow();
  }

  async evaluateNow(): Promise<void> {
    const session = this.requireSession();
    if (this.setup.deviceLostMessage) throw new Error(this.setup.deviceLostMessage);
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

  replay(): void {
    this.outbox.replay();
    this.setup.probes?.replay();
  }

  async switchBackend(choice: BackendChoice): Promise<void> {
    await this.halt('paused');
    // The snapshot keeps a robust evaluation in progress; its copies on this backend go before the switch.
    if (!this.setup.deviceLostMessage && this.setup.session) await this.takeSnapshot();
    await this.dropRobust();
    const snapshot = this.snapshot?.value;
    if (!snapshot) throw new Error('no snapshot to continue from yet: reset instead');
    this.setup.disposeSessionAfterLoss();
    await this.setup.startBackend(choice);
    this.buildSession(snapshot);
    await this.robust.resume(this.requireSession(), snapshot.robust);
    this.stream.discardMetrics();
    this.stream.addEvents(this.requireSession().drainEvents());
    this.flushNow();
  }

  /** The configured session continues from `snapshot` (same steps, weights and optimizer state), paused. */
  async restoreSnapshot(snapshot: SessionSnapshot, elapsedMs: number): Promise<void> {
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

  /** The runs' state and any robust evaluation in progress (redone on restore), on the host. */
  private async takeSnapshot(): Promise<void> {
    const { session, deviceLostMessage } = this.setup;
    if (!session || deviceLostMessage) return;
    const tick = session.tick;
    const [runs, robust] = await Promise.all([session.snapshot(), this.robust.pending()]);
    this.snapshot = { tick, value: robust ? { ...runs, robust } : runs };
  }

  private onDeviceLost(message: string): void {
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
    if (this.setup.deviceLostMessage) return; // the loop failed because the device went away: reported already
    this.setStatus('failed', error.message);
    this.post({ type: 'failed', message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
  }

  private reportFirstStep(ms: number): void {
    this.post({ type: 'activity', generation: this.generation });
    this.setup.noteFirstStep(ms);
  }

  private flushNow(): void {
    this.stream.flush(true);
  }

  private setStatus(status: SessionStatus, message?: string): void {
    this.status = status;
    this.post({ type: 'status', generation: this.generation, status, ...(message ? { message } : {}) });
  }
}
