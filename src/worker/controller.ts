/**
 * The worker's state machine: configure (backend, data, session), start/pause/resume/reset, and the
 * training loop. Host-agnostic: it talks through `post`, so it runs in a Web Worker and in tests.
 */
import * as tf from '@tensorflow/tfjs';
import { MODEL_PRESETS } from '../config/model';
import type { ExperimentConfig } from '../config/schema';
import { type BackendPreparers, type BackendReport, selectBackend } from '../engine/backend/select';
import { FASHION_MNIST, type ImageDataset, loadIdxDataset } from '../engine/data/dataset';
import { Session } from '../engine/session';
import { fetchReader } from './loadData';
import { MetricStream } from './metricStream';
import type { Progress, SessionStatus, WorkerEvent, WorkerRequest } from './protocol';
import { ThroughputMeter } from './throughput';

/** Read the device scalars back at least this often (ms), or after this many pending steps. */
const COLLECT_INTERVAL_MS = 100;
const MAX_PENDING_STEPS = 64;

export class TrainerController {
  private status: SessionStatus = 'idle';
  private generation = 0;
  private config?: ExperimentConfig;
  private backend?: BackendReport;
  private dataset?: { url: string; value: ImageDataset };
  private session?: Session;
  private loopRunning = false;
  private throughput = new ThroughputMeter();

  constructor(
    private readonly post: (event: WorkerEvent) => void,
    private readonly preparers: BackendPreparers = {},
  ) {}

  async handle(request: WorkerRequest): Promise<void> {
    try {
      await this.dispatch(request);
      this.post({ type: 'reply', requestId: request.requestId, ok: true });
    } catch (error) {
      this.post({ type: 'reply', requestId: request.requestId, ok: false, error: (error as Error).message });
    }
  }

  private async dispatch(request: WorkerRequest): Promise<void> {
    switch (request.type) {
      case 'configure':
        return this.configure(request.config, request.dataUrl);
      case 'start':
      case 'resume':
        return this.start();
      case 'pause':
        return this.pause();
      case 'reset':
        return this.reset();
    }
  }

  private async configure(config: ExperimentConfig, dataUrl: string): Promise<void> {
    if (this.status === 'loading') throw new Error('still loading the previous configuration');
    await this.stopLoop();
    this.config = config;
    this.setStatus('loading');
    try {
      if (this.backend?.requested !== config.backend) {
        this.backend = await selectBackend(config.backend, this.preparers);
        this.post({ type: 'backend', report: this.backend });
      }
      if (this.dataset?.url !== dataUrl)
        this.dataset = { url: dataUrl, value: await this.loadDataset(dataUrl) };
      this.buildSession();
    } catch (error) {
      this.setStatus('failed', (error as Error).message);
      throw error;
    }
  }

  private async loadDataset(dataUrl: string): Promise<ImageDataset> {
    const loaded = new Map<string, [number, number]>();
    const read = fetchReader(dataUrl, (fileName, loadedBytes, totalBytes) => {
      loaded.set(fileName, [loadedBytes, totalBytes]);
      const sums = [...loaded.values()].reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
      this.post({
        type: 'loading',
        message: 'Downloading Fashion-MNIST',
        loadedBytes: sums[0],
        totalBytes: sums[1],
      });
    });
    const parsed = await loadIdxDataset(FASHION_MNIST, read);
    if (!parsed.ok) throw new Error(`dataset is unusable: ${parsed.error}`);
    return parsed.value;
  }

  private buildSession(): void {
    const { config, dataset } = this;
    if (!config || !dataset) throw new Error('configure the session first');
    this.session?.dispose();
    this.generation += 1;
    this.session = new Session({
      dataset: dataset.value,
      layers: MODEL_PRESETS[config.model].layers,
      batchSize: config.batchSize,
      seed: config.seed,
      totalSteps: config.steps,
      evalExamples: config.evalExamples,
      runs: config.runs,
    });
    this.throughput = new ThroughputMeter();
    this.post({
      type: 'ready',
      generation: this.generation,
      paramCount: this.session.paramCount,
      stepsPerEpoch: this.session.batcher.stepsPerEpoch,
      trainCount: dataset.value.train.count,
      testCount: dataset.value.test.count,
    });
    this.setStatus('ready');
  }

  private async start(): Promise<void> {
    if (!this.session) throw new Error('nothing to train: the session is not configured');
    if (this.status === 'training') return;
    if (this.status === 'done') throw new Error('training is finished: reset to train again');
    this.setStatus('training');
    void this.trainLoop().catch((error: Error) => {
      this.setStatus('failed', error.message);
      this.post({ type: 'failed', message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
    });
  }

  private async pause(): Promise<void> {
    if (this.status !== 'training') throw new Error(`cannot pause while ${this.status}`);
    await this.stopLoop();
    this.setStatus('paused');
  }

  private async reset(): Promise<void> {
    await this.stopLoop();
    this.buildSession();
  }

  /** Asks the loop to stop at the next step boundary and waits until it has flushed. */
  private async stopLoop(): Promise<void> {
    if (this.status === 'training') this.status = 'paused';
    while (this.loopRunning) await yieldToEvents();
  }

  private async trainLoop(): Promise<void> {
    const session = this.session as Session;
    const config = this.config as ExperimentConfig;
    const generation = this.generation;
    const stream = new MetricStream((chunks, evaluations) =>
      this.post({
        type: 'metrics',
        generation,
        chunks,
        evaluations,
        runs: session.runs.map((r) => ({
          runId: r.config.id,
          status: r.status,
          divergedAtStep: r.divergedAtStep,
        })),
        progress: this.progress(session, config),
      }),
    );
    this.loopRunning = true;
    this.throughput.resume(session.stepsDone);
    let lastCollect = performance.now();
    try {
      if (session.stepsDone === 0) stream.addEvaluations(await session.evaluate());
      while (
        this.status === 'training' &&
        session.stepsDone < config.steps &&
        session.activeRuns.length > 0
      ) {
        session.trainStep();
        const evaluationDue =
          session.stepsDone % config.evalEvery === 0 || session.stepsDone === config.steps;
        const now = performance.now();
        if (
          evaluationDue ||
          session.pendingSteps >= MAX_PENDING_STEPS ||
          now - lastCollect >= COLLECT_INTERVAL_MS
        ) {
          stream.addChunks(await session.collect());
          this.throughput.record(session.stepsDone);
          lastCollect = now;
        }
        if (evaluationDue) stream.addEvaluations(await session.evaluate());
        stream.flush();
        await yieldToEvents();
      }
      stream.addChunks(await session.collect());
      this.throughput.record(session.stepsDone);
      const finished = session.stepsDone >= config.steps || session.activeRuns.length === 0;
      if (finished && this.status === 'training') this.status = 'done';
      stream.flush(true);
    } finally {
      this.throughput.pause();
      this.loopRunning = false;
    }
    if (this.status === 'done') this.setStatus('done');
  }

  private progress(session: Session, config: ExperimentConfig): Progress {
    const stepsPerSecond = this.throughput.stepsPerSecond();
    return {
      step: session.stepsDone,
      totalSteps: config.steps,
      epoch: session.stepsDone / session.batcher.stepsPerEpoch,
      stepsPerEpoch: session.batcher.stepsPerEpoch,
      stepsPerSecond,
      examplesPerSecond: stepsPerSecond * config.batchSize * session.activeRuns.length,
      elapsedMs: this.throughput.elapsedMs(),
      numTensors: tf.memory().numTensors,
    };
  }

  private setStatus(status: SessionStatus, message?: string): void {
    this.status = status;
    this.post({ type: 'status', generation: this.generation, status, ...(message ? { message } : {}) });
  }
}

/** A macrotask boundary (not clamped like setTimeout), so commands get through between steps. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
