/**
 * The probes of one session: its probe batches, evaluators and queue. A request probes every replica
 * (seed) of a run: each takes a snapshot of that replica's weights (a clone), so training goes on
 * while the probe runs slice by slice; scheduled probes fire every `every` steps for every run. The
 * probe batch is drawn from the training data as the runs see it: replica k's probes use seed k's
 * subset with its noisy labels (the objective it trains on, whose sharpness the probes measure).
 * Replica k of every run sees the same probe batch, start vectors and directions (drawn from the
 * experiment seed), so replica k of two runs pair seed by seed; S seeds cost S times the probes.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../config/model';
import { type ProbeConfig, type ProbeKind, type ProbeRecord, settingsUsed } from '../../config/probes';
import type { RegimeDataset } from '../data/regime';
import type { Run } from '../session/run';
import type { Session } from '../session/session';
import { noCost, ProbeEvaluator } from './evaluator';
import { createProbeBatch, type ProbeBatch } from './probeBatch';
import { ProbeQueue, type ProbeRequest, type ProbeUpdate } from './probeQueue';
import { runProbe } from './probes';

/** Where the 1-D line starts: the initial weights, or another run's current ones. */
export type LineStart = 'init' | { readonly runId: string };

interface BatchEvaluator {
  readonly batch: ProbeBatch;
  readonly evaluator: ProbeEvaluator;
}

export class SessionProbes {
  private settings: ProbeConfig;
  /** Replica k's probe batch at index k; seeds that train on the same data share one. */
  private current: BatchEvaluator[];
  /** The probe batches of an earlier P: the probes queued on them still need them until they end. */
  private retired: BatchEvaluator[] = [];
  private readonly queue = new ProbeQueue();
  private requests = 0;

  constructor(
    private readonly session: Session,
    private readonly layers: readonly LayerSpec[],
    config: ProbeConfig,
    private readonly seed: number,
  ) {
    this.settings = config;
    this.current = this.build(config.size);
  }

  get config(): ProbeConfig {
    return this.settings;
  }

  /** The probe batch replica k's probes use (P examples of its training data, or all when fewer). */
  probeBatchOf(replica: number): ProbeBatch {
    return this.evaluatorOf(replica).batch;
  }

  private evaluatorOf(replica: number): BatchEvaluator {
    const evaluator = this.current[replica];
    if (!evaluator)
      throw new Error(`no replica ${replica} to probe (the session has ${this.current.length} seeds)`);
    return evaluator;
  }

  private build(size: number): BatchEvaluator[] {
    const built = new Map<RegimeDataset, BatchEvaluator>();
    return Array.from({ length: this.session.seedCount }, (_, replica) => {
      const data = this.session.trainingDataOf(replica);
      const existing = built.get(data);
      if (existing) return existing;
      const batch = createProbeBatch(data, Math.min(size, data.train.count), this.seed);
      const made = { batch, evaluator: new ProbeEvaluator(this.layers, data.imageShape, batch) };
      built.set(data, made);
      return made;
    });
  }

  /**
   * New settings for the probes requested from now on (the page edits them while runs train);
   * queued probes keep theirs. A new P takes a new probe batch; the old one is freed when idle.
   */
  configure(config: ProbeConfig): void {
    if (config.size !== this.settings.size) {
      this.retired.push(...new Set(this.current));
      this.current = this.build(config.size);
    }
    this.settings = config;
    this.freeRetired();
  }

  private freeRetired(): void {
    if (!this.queue.idle) return;
    for (const { batch, evaluator } of this.retired) {
      evaluator.dispose();
      batch.dispose();
    }
    this.retired = [];
  }

  /**
   * Queues `kind` for every replica of the run that has not diverged, at its current weights (a line
   * from another run goes from that run's replica of the same seed). Throws on an unknown run.
   */
  request(kind: ProbeKind, runId: string, lineStart: LineStart = 'init'): ProbeRequest[] {
    return this.replicasOf(runId)
      .filter((run) => run.phase !== 'diverged')
      .map((run) => this.requestReplica(kind, run, lineStart));
  }

  private requestReplica(kind: ProbeKind, run: Run, lineStart: LineStart): ProbeRequest {
    const weights = run.model.params.map((p) => p.clone());
    const lineFrom = kind === 'line' ? this.lineStartWeights(lineStart, run.replica) : [];
    const from = lineStart === 'init' ? 'init' : lineStart.runId;
    const request = {
      id: `probe-${++this.requests}`,
      runId: run.id,
      replica: run.replica,
      kind,
      step: run.step,
      settings: settingsUsed(kind, this.config, this.probeBatchOf(run.replica).size),
      ...(kind === 'line' ? { lineFrom: from } : {}),
    };
    const cost = noCost();
    const target = { weights, smoothing: run.hparams.labelSmoothing, lineFrom };
    const task = runProbe(
      kind,
      this.evaluatorOf(run.replica).evaluator,
      target,
      { ...this.config, seed: this.seed },
      cost,
    );
    this.queue.add(request, task, cost, [...weights, ...lineFrom]);
    return request;
  }

  /** Queues the scheduled probes of every replica that has not diverged when `tick` is a multiple of `every`. */
  scheduleAt(tick: number): ProbeRequest[] {
    const { every, kinds } = this.config;
    if (every <= 0 || tick <= 0 || tick % every !== 0) return [];
    return this.requestAll(kinds);
  }

  /**
   * Queues `kinds` for every replica that has not diverged (diverged weights are not worth
   * measuring), except where the same probe of the same replica still waits: a schedule faster than
   * the probes coalesces instead of piling up. Lines start where the settings' `lineFrom` says.
   */
  requestAll(kinds: readonly ProbeKind[]): ProbeRequest[] {
    const waiting = (run: Run, kind: ProbeKind) =>
      this.queue.pending.some((r) => r.runId === run.id && r.replica === run.replica && r.kind === kind);
    return this.session.runList
      .filter((run) => run.phase !== 'diverged')
      .flatMap((run) =>
        kinds
          .filter((kind) => !waiting(run, kind))
          .map((kind) => this.requestReplica(kind, run, this.scheduledLineStart(run.id))),
      );
  }

  /** The settings' `lineFrom` run, except for that run itself or when it is gone: then the initial weights. */
  private scheduledLineStart(runId: string): LineStart {
    const from = this.config.lineFrom;
    const present = from !== undefined && this.session.runList.some((r) => r.id === from);
    return present && from !== runId ? { runId: from } : 'init';
  }

  get idle(): boolean {
    return this.queue.idle;
  }

  get pending(): readonly ProbeRequest[] {
    return this.queue.pending;
  }

  /** One slice of the oldest probe (one gradient or forward evaluation over the probe batch). */
  async slice(): Promise<ProbeUpdate | undefined> {
    const update = await this.queue.slice();
    this.freeRetired();
    return update;
  }

  /** Drops the probes of a run (removed, or reset). */
  async cancelRun(runId: string): Promise<void> {
    await this.queue.cancel((request) => request.runId === runId);
    this.freeRetired();
  }

  async dispose(): Promise<void> {
    await this.queue.dispose();
    this.freeRetired();
    for (const { evaluator, batch } of new Set(this.current)) {
      evaluator.dispose();
      batch.dispose();
    }
  }

  private replicasOf(runId: string): Run[] {
    if (!this.session.runList.some((r) => r.id === runId))
      throw new Error(`no run with id "${runId}" to probe`);
    return this.session.replicasOf(runId);
  }

  /** The line's start for seed `replica`: that seed's initial weights, or the other run's replica of it. */
  private lineStartWeights(start: LineStart, replica: number): tf.Tensor[] {
    if (start !== 'init') {
      const other = this.replicasOf(start.runId)[replica];
      if (!other) throw new Error(`run "${start.runId}" has no replica ${replica} to draw a line from`);
      return other.model.params.map((p) => p.clone());
    }
    const shapes = this.evaluatorOf(replica).evaluator.params.map((p) => p.shape);
    return this.session.initialParamsOf(replica).map((values, i) => tf.tensor(values, shapes[i]));
  }
}

/** A finished probe as a record for the stream, CSV and bundles; a line says where it started. */
export function probeRecord(update: Extract<ProbeUpdate, { type: 'finished' }>): ProbeRecord {
  const { request, outcome, spend } = update;
  const { runId, replica, step, settings } = request;
  const base = { runId, replica, step, spend, settings };
  if (outcome.kind === 'line')
    return { ...base, kind: 'line', result: { ...outcome.result, from: request.lineFrom ?? 'init' } };
  return { ...base, ...outcome };
}
