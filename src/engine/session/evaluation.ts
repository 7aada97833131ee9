/**
 * Test-set evaluation of several models with batched inference: loss, accuracy, per-class accuracy
 * and the confusion matrix, accumulated on the device and read back in one transfer. It can run a
 * slice at a time, so a long evaluation shares the device with training steps instead of holding
 * the first step back.
 */
import * as tf from '@tensorflow/tfjs';
import type { EvaluationRecord } from '../../config/metrics';
import { gatherBatch } from '../data/batcher';
import type { ImageDataset } from '../data/dataset';
import { perExampleCrossEntropy, smoothedTargets } from '../metrics/loss';
import type { TrainableModel } from '../model/build';
import type { Run } from './run';

const EVAL_CHUNK = 500;

/** Who a model's numbers are reported for: a replica (seed) of a run at a step. */
export interface EvaluationLabel {
  readonly runId: string;
  readonly replica: number;
  readonly step: number;
}

export class SlicedEvaluation {
  readonly total: number;
  private evaluated = 0;
  /** Per model: [loss sum, then K×K confusion counts] in one variable. */
  private readonly totals: tf.Variable[];

  constructor(
    private readonly models: readonly TrainableModel[],
    private readonly dataset: ImageDataset,
    examples: number,
  ) {
    this.total = Math.min(examples, dataset.test.count);
    const k = dataset.numClasses;
    this.totals = models.map(() => tf.tidy(() => tf.variable(tf.zeros([1 + k * k]), false)));
  }

  get done(): number {
    return this.evaluated;
  }

  get finished(): boolean {
    return this.evaluated >= this.total;
  }

  /** Evaluates up to `count` more test examples; only enqueues work on asynchronous backends. */
  advance(count: number): void {
    const end = Math.min(this.total, this.evaluated + Math.max(1, count));
    for (let start = this.evaluated; start < end; start += EVAL_CHUNK)
      this.evaluateChunk(start, Math.min(EVAL_CHUNK, end - start));
    this.evaluated = end;
  }

  private evaluateChunk(start: number, size: number): void {
    const { dataset } = this;
    const k = dataset.numClasses;
    const indices = Array.from({ length: size }, (_, i) => start + i);
    const host = gatherBatch(dataset, dataset.test, indices);
    tf.tidy(() => {
      const labels = tf.tensor1d(host.labels, 'int32');
      const x = tf.tensor4d(host.x, [host.size, ...dataset.imageShape]);
      const truth = tf.oneHot(labels, k).toFloat();
      this.models.forEach((model, i) => {
        const logits = model.logits(x, false);
        const lossSum = tf.sum(perExampleCrossEntropy(logits, smoothedTargets(labels, k, 0))).reshape([1]);
        const predicted = tf.oneHot(tf.argMax(logits, 1), k).toFloat();
        const confusion = tf.matMul(truth, predicted, true, false).reshape([-1]);
        const total = this.totals[i] as tf.Variable;
        total.assign(total.add(tf.concat([lossSum, confusion])));
      });
    });
  }

  /** Evaluates what is left, reads every model's sums back in one transfer and frees them. */
  async finish(labels: readonly (readonly EvaluationLabel[])[]): Promise<EvaluationRecord[]> {
    this.advance(this.total - this.evaluated);
    const k = this.dataset.numClasses;
    const stacked = tf.stack(this.totals);
    const sums = (await stacked.data()) as Float32Array;
    stacked.dispose();
    this.dispose();
    return labels.flatMap((modelLabels, i) =>
      modelLabels.map((label) =>
        toRecord(label, sums.subarray(i * (1 + k * k), (i + 1) * (1 + k * k)), k, this.total),
      ),
    );
  }

  dispose(): void {
    tf.dispose(this.totals);
  }
}

/** Every run's model over the first `examples` test images, in one pass. */
export async function evaluateRuns(
  runs: readonly Run[],
  dataset: ImageDataset,
  examples: number,
): Promise<EvaluationRecord[]> {
  if (runs.length === 0) return [];
  const evaluation = new SlicedEvaluation(
    runs.map((run) => run.model),
    dataset,
    examples,
  );
  return evaluation.finish(runs.map((run) => [{ runId: run.id, replica: run.replica, step: run.step }]));
}

function toRecord(label: EvaluationLabel, sums: Float32Array, k: number, n: number): EvaluationRecord {
  const confusion = Array.from({ length: k }, (_, t) =>
    Array.from(sums.subarray(1 + t * k, 1 + (t + 1) * k)),
  );
  const correct = confusion.reduce((sum, row, t) => sum + (row[t] as number), 0);
  const perClassAccuracy = confusion.map((row, t) => {
    const count = row.reduce((a, b) => a + b, 0);
    return count === 0 ? Number.NaN : (row[t] as number) / count;
  });
  return {
    runId: label.runId,
    replica: label.replica,
    step: label.step,
    testLoss: (sums[0] as number) / n,
    testAccuracy: correct / n,
    perClassAccuracy,
    confusion,
  };
}
