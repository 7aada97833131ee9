/**
 * A comparison: N runs that start from the same initial weights and see the same batches in the
 * same order, stepped in lockstep (one step of every active run per tick). Per-step scalars stay
 * on the device until `collect`, which reads all of them back in one transfer.
 */
import * as tf from '@tensorflow/tfjs';
import type { EvaluationRecord, MetricChunk, StepMetricName } from '../config/metrics';
import type { LayerSpec } from '../config/model';
import { rhoInForce } from '../config/optimizers';
import type { RunConfig } from '../config/schema';
import { gatherBatch, SeededBatcher } from './data/batcher';
import type { ImageDataset } from './data/dataset';
import { correctMask, perExampleCrossEntropy, smoothedTargets } from './metrics/loss';
import { buildModel, type TrainableModel } from './model/build';
import { assignParams, initialWeights } from './model/init';
import { createOptimizer } from './optim/registry';
import { learningRateAt } from './optim/schedule';
import type { Optimizer, StepScalars } from './optim/types';
import { deriveSeed } from './random';

export interface SessionOptions {
  readonly dataset: ImageDataset;
  readonly layers: readonly LayerSpec[];
  readonly batchSize: number;
  readonly seed: number;
  readonly totalSteps: number;
  readonly evalExamples: number;
  readonly runs: readonly RunConfig[];
}

export interface RunState {
  readonly config: RunConfig;
  readonly model: TrainableModel;
  readonly optimizer: Optimizer;
  status: 'active' | 'diverged';
  divergedAtStep?: number;
}

/** A run's step: device scalars plus the host numbers in force (`rho` only where the method perturbs). */
interface RunStep {
  scalars: StepScalars;
  lr: number;
  rho: number | undefined;
}

interface PendingStep {
  readonly step: number;
  readonly perRun: Map<string, RunStep>;
}

const EVAL_CHUNK = 500;

export class Session {
  readonly runs: RunState[];
  readonly batcher: SeededBatcher;
  /** Steps completed by every active run. */
  stepsDone = 0;
  private pending: PendingStep[] = [];

  constructor(private readonly options: SessionOptions) {
    const { dataset, layers, batchSize, seed } = options;
    this.batcher = new SeededBatcher(dataset, batchSize, deriveSeed(seed, 1));
    let initial: Float32Array[] | undefined;
    this.runs = options.runs.map((config) => {
      const model = buildModel(layers, dataset.imageShape, dataset.numClasses);
      initial ??= initialWeights(model, deriveSeed(seed, 0));
      assignParams(model, initial);
      return { config, model, optimizer: createOptimizer(config.optimizer, model), status: 'active' };
    });
  }

  get paramCount(): number {
    return this.runs[0]?.model.paramCount ?? 0;
  }

  get activeRuns(): RunState[] {
    return this.runs.filter((run) => run.status === 'active');
  }

  /** One step of every active run on the same batch. */
  trainStep(): void {
    const host = this.batcher.batchAt(this.stepsDone);
    const [h, w, c] = this.options.dataset.imageShape;
    const perRun = new Map<string, RunStep>();
    tf.tidy(() => {
      const labels = tf.tensor1d(host.labels, 'int32');
      const x = tf.tensor4d(host.x, [host.size, h, w, c]);
      for (const run of this.activeRuns) {
        const { hparams } = run.config;
        const targets = smoothedTargets(labels, this.options.dataset.numClasses, hparams.labelSmoothing);
        const lr = learningRateAt(hparams.lr, hparams.schedule, this.stepsDone, this.options.totalSteps);
        const scalars = run.optimizer.step({
          batch: { x, labels, targets },
          hparams,
          lr,
          step: this.stepsDone,
        });
        for (const scalar of Object.values(scalars)) tf.keep(scalar);
        perRun.set(run.config.id, { scalars, lr, rho: rhoInForce(run.config.optimizer, hparams) });
      }
    });
    this.pending.push({ step: this.stepsDone, perRun });
    this.stepsDone += 1;
  }

  get pendingSteps(): number {
    return this.pending.length;
  }

  /** Reads every pending step's scalars back in one transfer; marks runs whose loss went non-finite. */
  async collect(): Promise<MetricChunk[]> {
    const pending = this.pending;
    this.pending = [];
    const names: StepMetricName[] = [];
    const tensors: tf.Scalar[] = [];
    for (const { perRun } of pending) {
      for (const { scalars } of perRun.values()) {
        for (const [name, scalar] of Object.entries(scalars) as [StepMetricName, tf.Scalar][]) {
          names.push(name);
          tensors.push(scalar);
        }
      }
    }
    if (tensors.length === 0) return [];
    const stacked = tf.stack(tensors);
    const values = await stacked.data();
    stacked.dispose();
    for (const t of tensors) t.dispose();
    return this.toChunks(pending, names, values as Float32Array);
  }

  private toChunks(pending: PendingStep[], names: StepMetricName[], values: Float32Array): MetricChunk[] {
    const rows = new Map<string, { steps: number[]; values: Map<StepMetricName, number[]> }>();
    let cursor = 0;
    for (const { step, perRun } of pending) {
      for (const [runId, { scalars, lr, rho }] of perRun) {
        const count = Object.keys(scalars).length;
        const row: Partial<Record<StepMetricName, number>> = rho === undefined ? { lr } : { lr, rho };
        for (let k = 0; k < count; k++)
          row[names[cursor + k] as StepMetricName] = values[cursor + k] as number;
        cursor += count;
        this.appendRow(rows, runId, step, row);
      }
    }
    return [...rows].map(([runId, { steps, values: columns }]) => ({
      runId,
      steps: Int32Array.from(steps),
      values: Object.fromEntries([...columns].map(([name, column]) => [name, Float32Array.from(column)])),
    }));
  }

  private appendRow(
    rows: Map<string, { steps: number[]; values: Map<StepMetricName, number[]> }>,
    runId: string,
    step: number,
    row: Partial<Record<StepMetricName, number>>,
  ): void {
    const run = this.runs.find((r) => r.config.id === runId);
    if (!run || (run.divergedAtStep !== undefined && step >= run.divergedAtStep)) return;
    if (!Number.isFinite(row.loss)) {
      run.status = 'diverged';
      run.divergedAtStep = step;
      return;
    }
    let entry = rows.get(runId);
    if (!entry) {
      entry = { steps: [], values: new Map() };
      rows.set(runId, entry);
    }
    entry.steps.push(step);
    // Columns stay aligned with `steps`: NaN where a metric was not measured (SGD's probe steps).
    for (const [name, value] of Object.entries(row) as [StepMetricName, number][]) {
      const column = entry.values.get(name) ?? new Array<number>(entry.steps.length - 1).fill(Number.NaN);
      column.push(value);
      entry.values.set(name, column);
    }
    for (const column of entry.values.values())
      if (column.length < entry.steps.length) column.push(Number.NaN);
  }

  /** Test loss (plain cross-entropy) and accuracy of every active run on the first `evalExamples` test images. */
  async evaluate(): Promise<EvaluationRecord[]> {
    const { dataset, evalExamples } = this.options;
    const n = Math.min(evalExamples, dataset.test.count);
    const runs = this.activeRuns;
    const totals = runs.map(() => tf.tidy(() => tf.variable(tf.zeros([2]), false)));
    for (let start = 0; start < n; start += EVAL_CHUNK) {
      const indices = Array.from({ length: Math.min(EVAL_CHUNK, n - start) }, (_, i) => start + i);
      const host = gatherBatch(dataset, dataset.test, indices);
      tf.tidy(() => {
        const labels = tf.tensor1d(host.labels, 'int32');
        const x = tf.tensor4d(host.x, [host.size, ...dataset.imageShape]);
        const targets = smoothedTargets(labels, dataset.numClasses, 0);
        runs.forEach((run, i) => {
          const logits = run.model.logits(x, false);
          const sums = tf.stack([
            tf.sum(perExampleCrossEntropy(logits, targets)),
            tf.sum(correctMask(logits, labels)),
          ]);
          const total = totals[i] as tf.Variable;
          total.assign(total.add(sums));
        });
      });
    }
    const stacked = tf.stack(totals);
    const sums = await stacked.data();
    stacked.dispose();
    for (const t of totals) t.dispose();
    return runs.map((run, i) => ({
      runId: run.config.id,
      step: this.stepsDone,
      testLoss: (sums[2 * i] as number) / n,
      testAccuracy: (sums[2 * i + 1] as number) / n,
    }));
  }

  dispose(): void {
    for (const { scalars } of this.pending.flatMap((p) => [...p.perRun.values()])) {
      for (const scalar of Object.values(scalars)) scalar.dispose();
    }
    this.pending = [];
    for (const run of this.runs) {
      run.optimizer.dispose();
      run.model.dispose();
    }
  }
}
