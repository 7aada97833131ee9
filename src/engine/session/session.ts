/**
 * A comparison: runs that start from the same initial weights and see the same batches in the same
 * order (batch t of every run is the same), stepped in lockstep, one step of every active run per
 * tick. Runs can join (from the initial weights, or forked from another run's current state) and
 * leave while training; hyperparameter changes apply from the next step and are recorded as events.
 */
import * as tf from '@tensorflow/tfjs';
import { MAX_RUNS } from '../../config/limits';
import type { EvaluationRecord, MetricChunk } from '../../config/metrics';
import type { LayerSpec } from '../../config/model';
import { rhoInForce } from '../../config/optimizers';
import type { RobustConfig } from '../../config/robust';
import type { RunConfig } from '../../config/schema';
import type { HyperparamPatch, SessionEvent } from '../../config/stream';
import { methodStep } from '../../methods/common/methodStep';
import { type Augmentation, augmentationDraws, augmentationProblem, augmentBatch } from '../data/augment';
import { SeededBatcher } from '../data/batcher';
import type { RegimeDataset } from '../data/regime';
import { frozenCopy } from '../evaluation/frozenModel';
import { RobustJob } from '../evaluation/robustJob';
import { buildModel } from '../model/build';
import { assignParams, initialWeights } from '../model/init';
import { deriveSeed } from '../random';
import { decisionBoundaries, memorisation } from './dataRegimeEvaluation';
import { evaluateRuns } from './evaluation';
import { InitialEvaluation } from './initialEvaluation';
import { PendingMetrics, type ReadRow, toChunks } from './pendingMetrics';
import { Run, type RunSnapshot } from './run';

export interface SessionOptions {
  /** The data after its regime (subset, label noise). */
  readonly dataset: RegimeDataset;
  /** Crop and/or flip each training batch on the device; the same draws for every run. */
  readonly augmentation?: Augmentation;
  readonly layers: readonly LayerSpec[];
  readonly batchSize: number;
  readonly seed: number;
  readonly totalSteps: number;
  readonly evalExamples: number;
  /** FGSM, PGD and noise accuracy with each evaluation; none when absent. */
  readonly robust?: RobustConfig;
  readonly runs: readonly RunConfig[];
}

/** Stream label of the robust evaluation's draws (0: initial weights, 1: batch order). */
const ROBUST_STREAM = 2;

export interface SessionSnapshot {
  readonly runs: RunSnapshot[];
}

export class Session {
  readonly batcher: SeededBatcher;
  private readonly runs = new Map<string, Run>();
  private readonly initial: Float32Array[];
  private readonly pending = new PendingMetrics();
  private events: SessionEvent[] = [];
  private initialEvaluation?: InitialEvaluation;
  private initialEvaluationBegun = false;

  constructor(private readonly options: SessionOptions) {
    const problem = options.augmentation && augmentationProblem(options.dataset.imageShape);
    if (problem) throw new Error(problem);
    this.batcher = new SeededBatcher(options.dataset, options.batchSize, deriveSeed(options.seed, 1));
    const [first, ...rest] = options.runs;
    if (!first) throw new Error('a session needs at least one run');
    const firstRun = this.createRun(first);
    this.initial = initialWeights(firstRun.model, deriveSeed(options.seed, 0));
    assignParams(firstRun.model, this.initial);
    for (const config of rest) assignParams(this.createRun(config).model, this.initial);
  }

  /** The initial weights every run started from (the 1-D line's "init" end). */
  get initialParams(): readonly Float32Array[] {
    return this.initial;
  }

  get runList(): Run[] {
    return [...this.runs.values()];
  }

  get activeRuns(): Run[] {
    return this.runList.filter((run) => run.phase === 'active');
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

  /** One step of every active run; runs at the same step share one uploaded batch. */
  trainStep(): void {
    const byStep = new Map<number, Run[]>();
    for (const run of this.activeRuns) byStep.set(run.step, [...(byStep.get(run.step) ?? []), run]);
    for (const [step, runs] of byStep) this.stepRuns(step, runs);
  }

  private stepRuns(step: number, runs: readonly Run[]): void {
    const host = this.batcher.batchAt(step);
    const { dataset, totalSteps } = this.options;
    tf.tidy(() => {
      const labels = tf.tensor1d(host.labels, 'int32');
      const x = this.augmented(tf.tensor4d(host.x, [host.size, ...dataset.imageShape]), step);
      for (const run of runs) {
        const { hparams } = run;
        const started = performance.now();
        const { scalars, lr } = methodStep(
          run.optimizer,
          { x, labels },
          { hparams, numClasses: dataset.numClasses, step, totalSteps, seed: this.options.seed },
        );
        const rho = rhoInForce(run.config.optimizer, hparams);
        this.pending.add({ runId: run.id, step, scalars, host: rho === undefined ? { lr } : { lr, rho } });
        run.recordStepTime(performance.now() - started);
        run.step = step + 1;
        if (run.step >= totalSteps) run.phase = 'done';
      }
    });
  }

  /** The batch of `step` cropped and flipped as the augmentation draws for that step say. */
  private augmented(x: tf.Tensor4D, step: number): tf.Tensor4D {
    const { augmentation, dataset, seed } = this.options;
    if (!augmentation) return x;
    const draws = augmentationDraws(augmentation, x.shape[0], dataset.imageShape[0], seed, step);
    // Zero padding is black before normalisation: −mean/std after it.
    return augmentBatch(x, draws, -dataset.mean / dataset.std);
  }

  /** Reads all pending per-step scalars in one transfer; a non-finite loss stops only its run. */
  async collect(): Promise<MetricChunk[]> {
    const rows = await this.pending.read();
    return toChunks(rows.filter((row) => this.keepRow(row)));
  }

  private keepRow(row: ReadRow): boolean {
    const run = this.runs.get(row.runId);
    if (!run) return false;
    if (run.divergedAtStep !== undefined) return row.step < run.divergedAtStep;
    if (Number.isFinite(row.values.loss)) return true;
    run.phase = 'diverged';
    run.divergedAtStep = row.step;
    this.events.push({
      kind: 'diverged',
      runId: run.id,
      step: row.step,
      message: `loss became ${row.values.loss}`,
    });
    return false;
  }

  /** Evaluates every live run now (first completing a step-0 evaluation still under way). */
  async evaluate(): Promise<EvaluationRecord[]> {
    const initial = await this.finishInitialEvaluation();
    const runs = this.runList.filter((run) => run.phase !== 'diverged');
    const { dataset, evalExamples } = this.options;
    const records = await evaluateRuns(runs, dataset, evalExamples);
    const memorised = await memorisation(runs, dataset, evalExamples);
    const boundaries = await decisionBoundaries(runs, dataset);
    const withRegimes = records.map((record, i) => ({
      ...record,
      ...memorised?.[i],
      ...(boundaries[i] ? { boundary: boundaries[i] } : {}),
    }));
    return [...initial, ...withRegimes];
  }

  /**
   * Starts the step-0 evaluation, to be done a slice per tick (`advanceInitialEvaluation`) while the
   * runs train. Once per session, and only before the first step.
   */
  beginInitialEvaluation(): void {
    if (this.initialEvaluationBegun || this.tick > 0) return;
    this.initialEvaluationBegun = true;
    const { layers, dataset, evalExamples } = this.options;
    const runIds = this.runList.map((run) => run.id);
    this.initialEvaluation = new InitialEvaluation(layers, dataset, this.initial, runIds, evalExamples);
  }

  /** The step-0 evaluation's progress while it is under way. */
  get initialEvaluationProgress(): { done: number; total: number } | undefined {
    return this.initialEvaluation?.progress;
  }

  /**
   * One slice of the step-0 evaluation, about as many examples as a tick trains (a forward pass costs
   * a third of a training step, so a tick grows by a third at most); its records once complete.
   */
  async advanceInitialEvaluation(): Promise<EvaluationRecord[]> {
    const evaluation = this.initialEvaluation;
    if (!evaluation) return [];
    evaluation.advance(this.options.batchSize * Math.max(1, this.activeRuns.length));
    return evaluation.finished ? this.finishInitialEvaluation() : [];
  }

  /** Completes the step-0 evaluation if one is under way; its records (none otherwise). */
  async finishInitialEvaluation(): Promise<EvaluationRecord[]> {
    const evaluation = this.initialEvaluation;
    if (!evaluation) return [];
    this.initialEvaluation = undefined;
    return evaluation.finish((runId) => this.runs.has(runId));
  }

  /**
   * A robust evaluation of every run that has not diverged, on frozen copies of its current weights
   * (training may go on while it runs); undefined when the session has no robust settings.
   */
  startRobustEvaluation(): RobustJob | undefined {
    const { robust, dataset, layers, seed } = this.options;
    if (!robust) return undefined;
    const build = () => buildModel(layers, dataset.imageShape, dataset.numClasses);
    const targets = this.runList
      .filter((run) => run.phase !== 'diverged')
      .map((run) => ({ runId: run.id, step: run.step, model: frozenCopy(run.model, build) }));
    return new RobustJob(targets, dataset, { ...robust, seed: deriveSeed(seed, ROBUST_STREAM) });
  }

  /** Applies a validated patch from the next step on; one event per changed key. Throws if invalid. */
  updateHyperparams(runId: string, patch: HyperparamPatch): void {
    const run = this.requireRun(runId);
    const before = run.hparams;
    run.setHyperparams({ ...before, ...patch, schedule: { ...before.schedule, ...patch.schedule } });
    const after = run.hparams;
    for (const key of Object.keys(patch) as (keyof HyperparamPatch)[]) {
      if (key === 'schedule') {
        for (const field of Object.keys(patch.schedule ?? {}) as (keyof typeof before.schedule)[]) {
          const [from, to] = [before.schedule[field], after.schedule[field]];
          if (from !== to)
            this.events.push({
              kind: 'hyperparams',
              runId,
              step: run.step,
              key: `schedule.${field}`,
              from,
              to,
            });
        }
      } else if (before[key] !== after[key]) {
        this.events.push({
          kind: 'hyperparams',
          runId,
          step: run.step,
          key,
          from: before[key],
          to: after[key],
        });
      }
    }
  }

  /** A new run from the initial weights; it starts at step 0 and sees the same batches as the others. */
  addRun(config: RunConfig): void {
    const run = this.createRun(config);
    assignParams(run.model, this.initial);
    this.events.push({ kind: 'runAdded', runId: run.id, step: 0 });
  }

  /** A new run continuing from `parentId`'s current weights, optimizer state, BatchNorm statistics and step. */
  forkRun(parentId: string, config: RunConfig): void {
    const parent = this.requireRun(parentId);
    const child = this.createRun(config);
    try {
      child.copyStateFrom(parent);
    } catch (error) {
      this.runs.delete(child.id);
      child.dispose();
      throw error;
    }
    this.events.push({ kind: 'runAdded', runId: child.id, step: child.step, parentId });
  }

  removeRun(runId: string): void {
    const run = this.requireRun(runId);
    if (this.runs.size === 1) throw new Error('a session keeps at least one run');
    this.runs.delete(runId);
    run.dispose();
    this.events.push({ kind: 'runRemoved', runId, step: run.step });
  }

  drainEvents(): SessionEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Every run's state on the host (weights, optimizer and BatchNorm state, step), for a backend switch. */
  async snapshot(): Promise<SessionSnapshot> {
    return { runs: await Promise.all(this.runList.map((run) => run.snapshot())) };
  }

  /** A session on the current backend continuing from `snapshot`. */
  static restore(options: SessionOptions, snapshot: SessionSnapshot, backend: string): Session {
    const session = new Session({ ...options, runs: snapshot.runs.map((r) => r.config) });
    for (const runSnapshot of snapshot.runs) {
      session.requireRun(runSnapshot.config.id).restore(runSnapshot);
      session.events.push({
        kind: 'restored',
        runId: runSnapshot.config.id,
        step: runSnapshot.step,
        backend,
      });
    }
    return session;
  }

  private createRun(config: RunConfig): Run {
    if (this.runs.has(config.id)) throw new Error(`a run with id "${config.id}" exists already`);
    if (this.runs.size >= MAX_RUNS) throw new Error(`at most ${MAX_RUNS} runs train at once`);
    const { dataset, layers } = this.options;
    const run = new Run(config, layers, dataset.imageShape, dataset.numClasses);
    run.setHyperparams(config.hparams);
    this.runs.set(config.id, run);
    return run;
  }

  private requireRun(runId: string): Run {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no run with id "${runId}"`);
    return run;
  }

  dispose(): void {
    this.initialEvaluation?.dispose();
    this.initialEvaluation = undefined;
    this.pending.dispose();
    for (const run of this.runs.values()) run.dispose();
    this.runs.clear();
  }
}
