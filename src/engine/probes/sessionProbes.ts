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

export class SessionProbes {
  private readonly batch: ProbeBatch;
  private readonly evaluator: ProbeEvaluator;
  private readonly queue = new ProbeQueue();
  private requests = 0;

  constructor(
    private readonly session: Session,
    dataset: ImageDataset,
    layers: readonly LayerSpec[],
    readonly config: ProbeConfig,
    private readonly seed: number,
  ) {
    this.batch = createProbeBatch(dataset, Math.min(config.size, dataset.train.count), seed);
    this.evaluator = new ProbeEvaluator(layers, dataset.imageShape, this.batch);
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
    const task = runProbe(kind, this.evaluator, target, { ...this.config, seed: this.seed }, cost);
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
  slice(): Promise<ProbeUpdate | undefined> {
    return this.queue.slice();
  }

  /** Drops the probes of a run (removed, or reset). */
  cancelRun(runId: string): Promise<void> {
    return this.queue.cancel((request) => request.runId === runId);
  }

  async dispose(): Promise<void> {
    await this.queue.dispose();
    this.evaluator.dispose();
    this.batch.dispose();
  }

  private runById(runId: string) {
    const run = this.session.runList.find((r) => r.id === runId);
    if (!run) throw new Error(`no run with id "${runId}" to probe`);
    return run;
  }

  private lineStartWeights(start: LineStart): tf.Tensor[] {
    if (start !== 'init') return this.runById(start.runId).model.params.map((p) => p.clone());
    const shapes = this.evaluator.params.map((p) => p.shape);
    return this.session.initialParams.map((values, i) => tf.tensor(values, shapes[i]));
  }
}

/** A finished probe as a record for the stream, CSV and bundles. */
export function probeRecord(
  update: Extract<ProbeUpdate, { type: 'finished' }>,
  lineFrom?: string,
): ProbeRecord {
  const { request, outcome, spend } = update;
  const base = { runId: request.runId, step: request.step, spend };
  if (outcome.kind === 'line')
    return { ...base, kind: 'line', result: { ...outcome.result, from: lineFrom ?? 'init' } };
  return { ...base, ...outcome };
}
