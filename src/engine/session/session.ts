/**
 * A comparison: runs that start from the same initial weights and see the same batches in the same
 * order (batch t of every run is the same), stepped in lockstep, one step of every active run per
 * tick. With S seeds each run is S replicas, and replica k of every run shares seed k's weights and
 * batches (seedStream.ts), so runs stay paired seed by seed. Runs can join (from the initial weights,
 * or forked from another run's current state) and leave while training; hyperparameter changes apply
 * from the next step and are recorded as events. Every edit acts on all replicas of a run.
 */
import type { EvaluationRecord, MetricChunk } from '../../config/metrics';
import type { RobustConfig } from '../../config/robust';
import type { RunConfig } from '../../config/schema';
import type { HyperparamPatch, SessionEvent } from '../../config/stream';
import { augmentationProblem } from '../data/augment';
import type { SeededBatcher } from '../data/batcher';
import type { RegimeDataset } from '../data/regime';
import type { RobustJob, RobustJobSnapshot } from '../evaluation/robustJob';
import { assignParams } from '../model/init';
import { regimeMetricsPerSeed } from './dataRegimeEvaluation';
import { evaluateRuns } from './evaluation';
import { hyperparamEvents } from './hyperparamEvents';
import { InitialEvaluations } from './initialEvaluation';
import { trainTick } from './lockstepTick';
import { PendingMetrics, type ReadRow, toChunks } from './pendingMetrics';
import { resumedRobustJob, robustFromOnRestore, robustJobOf } from './robustEvaluation';
import type { Run, RunSnapshot } from './run';
import { RunTable } from './runTable';
import { type SeedStream, seedStreams } from './seedStream';
import type { SessionOptions } from './sessionOptions';

export interface SessionSnapshot {
  readonly runs: RunSnapshot[];
  /** The robust evaluation in progress when the snapshot was taken (started at `tick`), to be redone. */
  readonly robust?: { readonly tick: number; readonly job: RobustJobSnapshot };
}

export class Session {
  private readonly streams: SeedStream[];
  private readonly runs: RunTable;
  private readonly pending = new PendingMetrics();
  private events: SessionEvent[] = [];
  private readonly initialEvaluations = new InitialEvaluations();

  constructor(private options: SessionOptions) {
    const problem = options.augmentation && augmentationProblem(options.dataset.imageShape);
    if (problem) throw new Error(problem);
    const { dataset, batchSize, seed, seeds = 1, runs, regime } = options;
    this.streams = seedStreams(dataset, batchSize, seed, seeds, regime);
    this.runs = new RunTable(this.streams, options.layers, dataset);
    if (runs.length === 0) throw new Error('a session needs at least one run');
    for (const config of runs) this.runs.add(config, (replica) => this.startFresh(replica));
  }

  /** Replica 0's batch order; every seed's has the same steps per epoch. */
  get batcher(): SeededBatcher {
    return (this.streams[0] as SeedStream).batcher;
  }

  get seedCount(): number {
    return this.streams.length;
  }

  /** Replica k's training data (its seed's subset and labels); replica 0's is what the page shows. */
  trainingDataOf(replica = 0): RegimeDataset {
    const stream = this.streams[replica];
    if (!stream) throw new Error(`no replica ${replica} (the session has ${this.streams.length} seeds)`);
    return stream.dataset;
  }

  /** The initial weights of seed `replica` (replica k of every run started there): the 1-D line's "init" end. */
  initialParamsOf(replica: number): readonly Float32Array[] {
    const stream = this.streams[replica];
    if (!stream) throw new Error(`no replica ${replica}: the session has ${this.streams.length} seeds`);
    return stream.initialWeights((this.runList[0] as Run).model);
  }

  /** Every replica of every run. */
  get runList(): Run[] {
    return this.runs.all;
  }

  get activeRuns(): Run[] {
    return this.runList.filter((run) => run.phase === 'active');
  }

  /** A run's replicas, replica k at index k. */
  replicasOf(runId: string): Run[] {
    return this.runs.of(runId);
  }

  get paramCount(): number {
    return this.runList[0]?.model.paramCount ?? 0;
  }

  /** Lockstep ticks so far: the step count of the furthest run. */
  get tick(): number {
    return Math.max(0, ...this.runList.map((run) => run.step));
  }

  get totalSteps(): number {
    return this.options.totalSteps;
  }

  get pendingSteps(): number {
    return this.pending.size;
  }

  /** One step of every active replica; replicas of one seed at the same step share one uploaded batch. */
  trainStep(): void {
    const { dataset, augmentation, totalSteps } = this.options;
    const setting = { streams: this.streams, pending: this.pending, dataset, totalSteps };
    trainTick(this.activeRuns, augmentation ? { ...setting, augmentation } : setting);
  }

  /** Reads all pending per-step scalars in one transfer; a non-finite loss stops only its replica. */
  async collect(): Promise<MetricChunk[]> {
    const rows = await this.pending.read();
    return toChunks(rows.filter((row) => this.keepRow(row)));
  }

  private keepRow(row: ReadRow): boolean {
    const run = this.runs.find(row.runId, row.replica);
    if (!run) return false;
    if (run.divergedAtStep !== undefined) return row.step < run.divergedAtStep;
    if (Number.isFinite(row.values.loss)) return true;
    run.phase = 'diverged';
    run.divergedAtStep = row.step;
    const message = `loss became ${row.values.loss}`;
    const replica = this.seedCount > 1 ? { replica: row.replica } : {};
    this.events.push({ kind: 'diverged', runId: run.id, step: row.step, message, ...replica });
    return false;
  }

  /** Evaluates every live replica now (first completing a step-0 evaluation still under way). */
  async evaluate(): Promise<EvaluationRecord[]> {
    const initial = await this.finishInitialEvaluation();
    const runs = this.runList.filter((run) => run.phase !== 'diverged');
    const { dataset, evalExamples } = this.options;
    const records = await evaluateRuns(runs, dataset, evalExamples);
    const extras = await regimeMetricsPerSeed(runs, this.streams, evalExamples);
    return [...initial, ...records.map((record, i) => ({ ...record, ...extras[i] }))];
  }

  /**
   * Starts the step-0 evaluation (one per seed: replica k of every run starts from seed k's weights),
   * to be done a slice per tick (`advanceInitialEvaluation`) while the runs train. Once per session,
   * and only before the first step.
   */
  beginInitialEvaluation(): void {
    if (this.tick > 0) return;
    const { layers, evalExamples } = this.options;
    const model = (this.runList[0] as Run).model;
    this.initialEvaluations.begin(layers, this.streams, model, this.runs.ids, evalExamples);
  }

  /** The step-0 evaluation's progress while it is under way (all seeds together). */
  get initialEvaluationProgress(): { done: number; total: number } | undefined {
    return this.initialEvaluations.progress;
  }

  /**
   * One slice of the step-0 evaluation, about as many examples as a tick trains (a forward pass costs
   * a third of a training step, so a tick grows by a third at most); its records once complete.
   */
  advanceInitialEvaluation(): Promise<EvaluationRecord[]> {
    const slice = Math.ceil(
      (this.options.batchSize * Math.max(1, this.activeRuns.length)) / this.streams.length,
    );
    return this.initialEvaluations.advance(slice, (runId) => this.runs.has(runId));
  }

  /** Completes the step-0 evaluation if one is under way; its records (none otherwise). */
  finishInitialEvaluation(): Promise<EvaluationRecord[]> {
    return this.initialEvaluations.finish((runId) => this.runs.has(runId));
  }

  /** A robust evaluation of every replica that has not diverged (robustEvaluation.ts); none without settings. */
  startRobustEvaluation(): RobustJob | undefined {
    const { robust, dataset, layers, seed } = this.options;
    return robust && robustJobOf(this.runList, { dataset, layers, robust, seed });
  }

  /** A robust evaluation a snapshot was taken during, from its start, on this session's backend. */
  resumeRobustEvaluation(job: RobustJobSnapshot): RobustJob {
    const { dataset, layers } = this.options;
    return resumedRobustJob(job, { dataset, layers });
  }

  /** The robust settings from the next evaluation on (the page edits them while runs train); none: off. */
  setRobustSettings(robust: RobustConfig | undefined): void {
    const { robust: _, ...rest } = this.options;
    this.options = robust ? { ...rest, robust } : rest;
  }

  /** Applies a validated patch to every replica from its next step on; one event per changed key. Throws if invalid. */
  updateHyperparams(runId: string, patch: HyperparamPatch): void {
    const replicas = this.runs.of(runId);
    const first = replicas[0] as Run;
    const before = first.hparams;
    const next = { ...before, ...patch, schedule: { ...before.schedule, ...patch.schedule } };
    for (const replica of replicas) replica.setHyperparams(next);
    this.events.push(...hyperparamEvents(runId, first.step, patch, before, first.hparams));
  }

  /** A new run from the initial weights; it starts at step 0 and sees the same batches as the others. */
  addRun(config: RunConfig): void {
    this.runs.add(config, (replica) => this.startFresh(replica));
    this.events.push({ kind: 'runAdded', runId: config.id, step: 0 });
  }

  /** A new run whose replica k continues from `parentId`'s replica k (weights, optimizer and BatchNorm state, step). */
  forkRun(parentId: string, config: RunConfig): void {
    const parents = this.runs.of(parentId);
    const children = this.runs.add(config, (child) => child.copyStateFrom(parents[child.replica] as Run));
    this.events.push({ kind: 'runAdded', runId: config.id, step: children[0]?.step ?? 0, parentId });
  }

  removeRun(runId: string): void {
    const { step } = this.runs.of(runId)[0] as Run;
    if (this.runs.size === 1) throw new Error('a session keeps at least one run');
    this.runs.remove(runId);
    this.events.push({ kind: 'runRemoved', runId, step });
  }

  drainEvents(): SessionEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Every replica's state on the host (weights, optimizer and BatchNorm state, step), for a backend switch. */
  async snapshot(): Promise<SessionSnapshot> {
    return { runs: await Promise.all(this.runList.map((run) => run.snapshot())) };
  }

  /** A session on the current backend continuing from `snapshot`. */
  static restore(options: SessionOptions, snapshot: SessionSnapshot, backend: string): Session {
    const configs = snapshot.runs.filter((r) => r.replica === 0).map((r) => r.config);
    const session = new Session({ ...options, runs: configs });
    for (const runSnapshot of snapshot.runs)
      session.runs.of(runSnapshot.config.id)[runSnapshot.replica]?.restore(runSnapshot);
    for (const config of configs) {
      const step = (session.runs.of(config.id)[0] as Run).step;
      const robustFrom = robustFromOnRestore(snapshot.robust?.job, config.id, step);
      session.events.push({ kind: 'restored', runId: config.id, step, backend, robustFrom });
    }
    return session;
  }

  private startFresh(run: Run): void {
    const stream = this.streams[run.replica] as SeedStream;
    assignParams(run.model, stream.initialWeights(run.model));
  }

  dispose(): void {
    this.initialEvaluations.dispose();
    this.pending.dispose();
    this.runs.dispose();
  }
}
