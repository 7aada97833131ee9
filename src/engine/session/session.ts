/**
 * A comparison: runs that start from the same initial weights and see the same batches in the same
 * order (batch t of every run is the same), stepped in lockstep, one step of every active run per
 * tick. With S seeds each run is S replicas, and replica k of every run shares seed k's weights and
 * batches (seedStream.ts), so runs stay paired seed by seed. Runs can join (from the initial weights,
 * or forked from another run's current state) and leave while training; hyperparameter changes apply
 * from the next step and are recorded as events. Every edit acts on all replicas of a run.
 */
import * as tf from '@tensorflow/tfjs';
import { MAX_REPLICAS } from '../../config/limits';
import type { EvaluationRecord, MetricChunk } from '../../config/metrics';
import type { LayerSpec } from '../../config/model';
import { rhoInForce } from '../../config/optimizers';
import type { RobustConfig } from '../../config/robust';
import type { RunConfig } from '../../config/schema';
import type { HyperparamPatch, SessionEvent } from '../../config/stream';
import { methodStep } from '../../methods/common/methodStep';
import { type Augmentation, augmentationDraws, augmentationProblem, augmentBatch } from '../data/augment';
import type { SeededBatcher } from '../data/batcher';
import type { DataRegime, RegimeDataset } from '../data/regime';
import { frozenCopy } from '../evaluation/frozenModel';
import { RobustJob, type RobustJobSnapshot } from '../evaluation/robustJob';
import { ROBUST_STREAM } from '../evaluation/robustSettings';
import { buildModel } from '../model/build';
import { assignParams } from '../model/init';
import { deriveSeed } from '../random';
import { type RegimeMetrics, regimeMetrics } from './dataRegimeEvaluation';
import { evaluateRuns } from './evaluation';
import { hyperparamEvents } from './hyperparamEvents';
import { InitialEvaluation } from './initialEvaluation';
import { PendingMetrics, type ReadRow, toChunks } from './pendingMetrics';
import { Run, type RunSnapshot } from './run';
import { type SeedStream, seedStreams } from './seedStream';

export interface SessionOptions {
  /** The data; after its regime already when `regime` is absent (a study's one seed). */
  readonly dataset: RegimeDataset;
  /**
   * Subset and label noise drawn per seed: replica k trains on the regime drawn from seed + k, the
   * same for every run (ALGORITHMS.md "Data regimes"; replica k of a run is the single-seed run of seed + k).
   */
  readonly regime?: DataRegime;
  /** Crop and/or flip each training batch on the device; the same draws for every run. */
  readonly augmentation?: Augmentation;
  readonly layers: readonly LayerSpec[];
  readonly batchSize: number;
  /** Seed of replica 0; replica k uses seed + k. */
  readonly seed: number;
  /** Replicas per run (1 when absent). */
  readonly seeds?: number;
  readonly totalSteps: number;
  readonly evalExamples: number;
  /** FGSM, PGD and noise accuracy with each evaluation; none when absent. */
  readonly robust?: RobustConfig;
  readonly runs: readonly RunConfig[];
}

export interface SessionSnapshot {
  readonly runs: RunSnapshot[];
  /** The robust evaluation in progress when the snapshot was taken (started at `tick`), to be redone. */
  readonly robust?: { readonly tick: number; readonly job: RobustJobSnapshot };
}

export class Session {
  private readonly streams: SeedStream[];
  /** Run id → its replicas, replica k at index k. */
  private readonly runs = new Map<string, Run[]>();
  private readonly pending = new PendingMetrics();
  private events: SessionEvent[] = [];
  /** The step-0 evaluations under way, one per seed. */
  private initialEvaluations: InitialEvaluation[] = [];
  private initialEvaluationBegun = false;

  constructor(private options: SessionOptions) {
    const problem = options.augmentation && augmentationProblem(options.dataset.imageShape);
    if (problem) throw new Error(problem);
    const { dataset, batchSize, seed, seeds = 1, runs, regime } = options;
    this.streams = seedStreams(dataset, batchSize, seed, seeds, regime);
    if (runs.length === 0) throw new Error('a session needs at least one run');
    for (const config of runs) this.addReplicas(config, (replica) => this.startFresh(replica));
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
    return [...this.runs.values()].flat();
  }

  get activeRuns(): Run[] {
    return this.runList.filter((run) => run.phase === 'active');
  }

  /** A run's replicas, replica k at index k. */
  replicasOf(runId: string): Run[] {
    return this.requireRun(runId);
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
    const groups = new Map<string, Run[]>();
    for (const run of this.activeRuns) {
      const key = `${run.replica}:${run.step}`;
      groups.set(key, [...(groups.get(key) ?? []), run]);
    }
    for (const runs of groups.values()) this.stepRuns(runs);
  }

  private stepRuns(runs: readonly Run[]): void {
    const { replica, step } = runs[0] as Run;
    const stream = this.streams[replica] as SeedStream;
    const host = stream.batcher.batchAt(step);
    const { dataset, totalSteps } = this.options;
    tf.tidy(() => {
      const labels = tf.tensor1d(host.labels, 'int32');
      const x = this.augmented(tf.tensor4d(host.x, [host.size, ...dataset.imageShape]), step, stream.seed);
      for (const run of runs) {
        const { hparams } = run;
        const started = performance.now();
        const { scalars, lr } = methodStep(
          run.optimizer,
          { x, labels },
          { hparams, numClasses: dataset.numClasses, step, totalSteps, seed: stream.seed },
        );
        const rho = rhoInForce(run.config.optimizer, hparams);
        const host = rho === undefined ? { lr } : { lr, rho };
        this.pending.add({ runId: run.id, replica, step, scalars, host });
        run.recordStepTime(performance.now() - started);
        run.step = step + 1;
        if (run.step >= totalSteps) run.phase = 'done';
      }
    });
  }

  /** The batch of `step` cropped and flipped as the draws of that step and seed say (shared by its replicas). */
  private augmented(x: tf.Tensor4D, step: number, seed: number): tf.Tensor4D {
    const { augmentation, dataset } = this.options;
    if (!augmentation) return x;
    const draws = augmentationDraws(augmentation, x.shape[0], dataset.imageShape[0], seed, step);
    // Zero padding is black before normalisation: −mean/std after it.
    return augmentBatch(x, draws, -dataset.mean / dataset.std);
  }

  /** Reads all pending per-step scalars in one transfer; a non-finite loss stops only its replica. */
  async collect(): Promise<MetricChunk[]> {
    const rows = await this.pending.read();
    return toChunks(rows.filter((row) => this.keepRow(row)));
  }

  private keepRow(row: ReadRow): boolean {
    const run = this.runs.get(row.runId)?.[row.replica];
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
    const extras = await this.regimeMetricsOf(runs);
    return [...initial, ...records.map((record, i) => ({ ...record, ...extras[i] }))];
  }

  /** Per run, memorisation and boundary on its own seed's training data (one readback per seed). */
  private async regimeMetricsOf(runs: readonly Run[]): Promise<RegimeMetrics[]> {
    const extras: RegimeMetrics[] = runs.map(() => ({}));
    for (const stream of this.streams) {
      const indices = runs.flatMap((run, i) => (run.replica === stream.replica ? [i] : []));
      const models = indices.map((i) => (runs[i] as Run).model);
      const metrics = await regimeMetrics(models, stream.dataset, this.options.evalExamples);
      indices.forEach((runIndex, k) => {
        extras[runIndex] = metrics[k] ?? {};
      });
    }
    return extras;
  }

  /**
   * Starts the step-0 evaluation (one per seed: replica k of every run starts from seed k's weights),
   * to be done a slice per tick (`advanceInitialEvaluation`) while the runs train. Once per session,
   * and only before the first step.
   */
  beginInitialEvaluation(): void {
    if (this.initialEvaluationBegun || this.tick > 0) return;
    this.initialEvaluationBegun = true;
    const { layers, evalExamples } = this.options;
    const runIds = [...this.runs.keys()];
    const model = (this.runList[0] as Run).model;
    this.initialEvaluations = this.streams.map(
      (stream) =>
        new InitialEvaluation(
          layers,
          stream.dataset,
          stream.initialWeights(model),
          runIds,
          stream.replica,
          evalExamples,
        ),
    );
  }

  /** The step-0 evaluation's progress while it is under way (all seeds together). */
  get initialEvaluationProgress(): { done: number; total: number } | undefined {
    if (this.initialEvaluations.length === 0) return undefined;
    const progress = this.initialEvaluations.map((evaluation) => evaluation.progress);
    return {
      done: progress.reduce((sum, p) => sum + p.done, 0),
      total: progress.reduce((sum, p) => sum + p.total, 0),
    };
  }

  /**
   * One slice of the step-0 evaluation, about as many examples as a tick trains (a forward pass costs
   * a third of a training step, so a tick grows by a third at most); its records once complete.
   */
  async advanceInitialEvaluation(): Promise<EvaluationRecord[]> {
    if (this.initialEvaluations.length === 0) return [];
    const slice = Math.ceil(
      (this.options.batchSize * Math.max(1, this.activeRuns.length)) / this.streams.length,
    );
    for (const evaluation of this.initialEvaluations) evaluation.advance(slice);
    return this.initialEvaluations.every((e) => e.finished) ? this.finishInitialEvaluation() : [];
  }

  /** Completes the step-0 evaluation if one is under way; its records (none otherwise). */
  async finishInitialEvaluation(): Promise<EvaluationRecord[]> {
    const evaluations = this.initialEvaluations;
    this.initialEvaluations = [];
    const records = await Promise.all(evaluations.map((e) => e.finish((runId) => this.runs.has(runId))));
    return records.flat();
  }

  /**
   * A robust evaluation of every replica that has not diverged, on frozen copies of its current
   * weights (training may go on while it runs); undefined when the session has no robust settings.
   * Every replica is attacked from the same PGD starts and noise (one seed for the session), so
   * replica k of two runs pair like their test accuracies do; S seeds cost S times the attacks.
   */
  startRobustEvaluation(): RobustJob | undefined {
    const { robust, dataset, layers, seed } = this.options;
    if (!robust) return undefined;
    const build = () => buildModel(layers, dataset.imageShape, dataset.numClasses);
    const targets = this.runList
      .filter((run) => run.phase !== 'diverged')
      .map((run) => ({
        runId: run.id,
        replica: run.replica,
        step: run.step,
        model: frozenCopy(run.model, build),
      }));
    return new RobustJob(targets, dataset, { ...robust, seed: deriveSeed(seed, ROBUST_STREAM) });
  }

  /** A robust evaluation a snapshot was taken during, from its start, on this session's backend. */
  resumeRobustEvaluation(job: RobustJobSnapshot): RobustJob {
    const { dataset, layers } = this.options;
    return RobustJob.restore(job, dataset, () => buildModel(layers, dataset.imageShape, dataset.numClasses));
  }

  /** The robust settings from the next evaluation on (the page edits them while runs train); none: off. */
  setRobustSettings(robust: RobustConfig | undefined): void {
    const { robust: _, ...rest } = this.options;
    this.options = robust ? { ...rest, robust } : rest;
  }

  /** Applies a validated patch to every replica from its next step on; one event per changed key. Throws if invalid. */
  updateHyperparams(runId: string, patch: HyperparamPatch): void {
    const replicas = this.requireRun(runId);
    const first = replicas[0] as Run;
    const before = first.hparams;
    const next = { ...before, ...patch, schedule: { ...before.schedule, ...patch.schedule } };
    for (const replica of replicas) replica.setHyperparams(next);
    this.events.push(...hyperparamEvents(runId, first.step, patch, before, first.hparams));
  }

  /** A new run from the initial weights; it starts at step 0 and sees the same batches as the others. */
  addRun(config: RunConfig): void {
    this.addReplicas(config, (replica) => this.startFresh(replica));
    this.events.push({ kind: 'runAdded', runId: config.id, step: 0 });
  }

  /** A new run whose replica k continues from `parentId`'s replica k (weights, optimizer and BatchNorm state, step). */
  forkRun(parentId: string, config: RunConfig): void {
    const parents = this.requireRun(parentId);
    const children = this.addReplicas(config, (child) => child.copyStateFrom(parents[child.replica] as Run));
    this.events.push({ kind: 'runAdded', runId: config.id, step: children[0]?.step ?? 0, parentId });
  }

  removeRun(runId: string): void {
    const replicas = this.requireRun(runId);
    if (this.runs.size === 1) throw new Error('a session keeps at least one run');
    this.runs.delete(runId);
    for (const replica of replicas) replica.dispose();
    this.events.push({ kind: 'runRemoved', runId, step: (replicas[0] as Run).step });
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
      session.requireRun(runSnapshot.config.id)[runSnapshot.replica]?.restore(runSnapshot);
    for (const config of configs) {
      const step = (session.requireRun(config.id)[0] as Run).step;
      const pending = snapshot.robust?.job.targets.find((target) => target.runId === config.id);
      // Robust records before the pending evaluation's step are final; with none pending, all so far
      // are (step 0's is redone when a session at step 0 starts training).
      const robustFrom = pending ? pending.step : step === 0 ? 0 : step + 1;
      session.events.push({ kind: 'restored', runId: config.id, step, backend, robustFrom });
    }
    return session;
  }

  private startFresh(run: Run): void {
    const stream = this.streams[run.replica] as SeedStream;
    assignParams(run.model, stream.initialWeights(run.model));
  }

  /** Creates a run's replicas and prepares each; on failure none of them stays. */
  private addReplicas(config: RunConfig, prepare: (replica: Run) => void): Run[] {
    if (this.runs.has(config.id)) throw new Error(`a run with id "${config.id}" exists already`);
    const total = this.runList.length + this.streams.length;
    if (total > MAX_REPLICAS)
      throw new Error(
        `a session trains at most ${MAX_REPLICAS} replicas; "${config.id}" would make ${total} (${this.streams.length} seeds each)`,
      );
    const { dataset, layers } = this.options;
    const replicas = this.streams.map(
      (stream) =>
        new Run(config, stream.replica, stream.seed, layers, dataset.imageShape, dataset.numClasses),
    );
    try {
      for (const replica of replicas) {
        replica.setHyperparams(config.hparams);
        prepare(replica);
      }
    } catch (error) {
      for (const replica of replicas) replica.dispose();
      throw error;
    }
    this.runs.set(config.id, replicas);
    return replicas;
  }

  private requireRun(runId: string): Run[] {
    const replicas = this.runs.get(runId);
    if (!replicas) throw new Error(`no run with id "${runId}"`);
    return replicas;
  }

  dispose(): void {
    for (const evaluation of this.initialEvaluations) evaluation.dispose();
    this.initialEvaluations = [];
    this.pending.dispose();
    for (const run of this.runList) run.dispose();
    this.runs.clear();
  }
}
