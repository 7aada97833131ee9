/**
 * The probes of one session: its probe batch, evaluator and queue. Requests take a snapshot of the
 * run's weights (handles, no copy: training assigns new tensors to the variables), so training goes
 * on while the probe runs slice by slice; scheduled probes fire every `every` steps for every run.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../config/model';
import type { ProbeConfig, ProbeKind, ProbeRecord } from '../../config/probes';
import type { ImageDataset } from '../data/dataset';
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
  private current: BatchEvaluator;
  /** The probe batches of an earlier P: the probes queued on them still need them until they end. */
  private retired: BatchEvaluator[] = [];
  private readonly queue = new ProbeQueue();
  private requests = 0;

  constructor(
    private readonly session: Session,
    private readonly dataset: ImageDataset,
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

  private build(size: number): BatchEvaluator {
    const batch = createProbeBatch(this.dataset, Math.min(size, this.dataset.train.count), this.seed);
    return { batch, evaluator: new ProbeEvaluator(this.layers, this.dataset.imageShape, batch) };
  }

  /**
   * New settings for the probes requested from now on (the page edits them while runs train);
   * queued probes keep theirs. A new P takes a new probe batch; the old one is freed when idle.
   */
  configure(config: ProbeConfig): void {
    if (config.size !== this.settings.size) {
      this.retired.push(this.current);
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

  /** Queues `kind` for the run at its current weights. Throws on an unknown run. */
  request(kind: ProbeKind, runId: string, lineStart: LineStart = 'init'): ProbeRequest {
    const run = this.runById(runId);
    const weights = run.model.params.map((p) => p.clone());
    const lineFrom = kind === 'line' ? this.lineStartWeights(lineStart) : [];
    const from = lineStart === 'init' ? 'init' : lineStart.runId;
    const request = {
      id: `probe-${++this.requests}`,
      runId,
      kind,
      step: run.step,
      ...(kind === 'line' ? { lineFrom: from } : {}),
    };
    const cost = noCost();
    const target = { weights, smoothing: run.hparams.labelSmoothing, lineFrom };
    const task = runProbe(kind, this.current.evaluator, target, { ...this.config, seed: this.seed }, cost);
    this.queue.add(request, task, cost, [...weights, ...lineFrom]);
    return request;
  }

  /** Queues the scheduled probes of every run that has not diverged when `tick` is a multiple of `every`. */
  scheduleAt(tick: number): ProbeRequest[] {
    const { every, kinds } = this.config;
    if (every <= 0 || tick <= 0 || tick % every !== 0) return [];
    return this.requestAll(kinds);
  }

  /**
   * Queues `kinds` for every run that has not diverged (diverged weights are not worth measuring),
   * except where the same probe of the same run still waits: a schedule faster than the probes
   * coalesces instead of piling up.
   */
  requestAll(kinds: readonly ProbeKind[]): ProbeRequest[] {
    // With seeds, a run is probed on its first seed (replica 0; `runById` finds it first).
    const ids = [
      ...new Set(this.session.runList.filter((run) => run.phase !== 'diverged').map((run) => run.id)),
    ];
    const waiting = (runId: string, kind: ProbeKind) =>
      this.queue.pending.some((r) => r.runId === runId && r.kind === kind);
    return ids.flatMap((id) =>
      kinds.filter((kind) => !waiting(id, kind)).map((kind) => this.request(kind, id)),
    );
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
    this.current.evaluator.dispose();
    this.current.batch.dispose();
  }

  private runById(runId: string) {
    const run = this.session.runList.find((r) => r.id === runId);
    if (!run) throw new Error(`no run with id "${runId}" to probe`);
    return run;
  }

  private lineStartWeights(start: LineStart): tf.Tensor[] {
    if (start !== 'init') return this.runById(start.runId).model.params.map((p) => p.clone());
    const shapes = this.current.evaluator.params.map((p) => p.shape);
    return this.session.initialParams.map((values, i) => tf.tensor(values, shapes[i]));
  }
}

/** A finished probe as a record for the stream, CSV and bundles; a line says where it started. */
export function probeRecord(update: Extract<ProbeUpdate, { type: 'finished' }>): ProbeRecord {
  const { request, outcome, spend } = update;
  const base = { runId: request.runId, step: request.step, spend };
  if (outcome.kind === 'line')
    return { ...base, kind: 'line', result: { ...outcome.result, from: request.lineFrom ?? 'init' } };
  return { ...base, ...outcome };
}
