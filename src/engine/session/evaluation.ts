/**
 * Test-set evaluation of several runs with batched inference: loss, accuracy, per-class accuracy
 * and the confusion matrix, accumulated on the device and read back in one transfer.
 */
import * as tf from '@tensorflow/tfjs';
import type { EvaluationRecord } from '../../config/metrics';
import { gatherBatch } from '../data/batcher';
import type { ImageDataset } from '../data/dataset';
import { perExampleCrossEntropy, smoothedTargets } from '../metrics/loss';
import type { Run } from './run';

const EVAL_CHUNK = 500;

export async function evaluateRuns(
  runs: readonly Run[],
  dataset: ImageDataset,
  examples: number,
): Promise<EvaluationRecord[]> {
  if (runs.length === 0) return [];
  const n = Math.min(examples, dataset.test.count);
  const k = dataset.numClasses;
  // Per run: [loss sum, then K×K confusion counts] in one variable.
  const totals = runs.map(() => tf.tidy(() => tf.variable(tf.zeros([1 + k * k]), false)));
  for (let start = 0; start < n; start += EVAL_CHUNK) {
    const indices = Array.from({ length: Math.min(EVAL_CHUNK, n - start) }, (_, i) => start + i);
    const host = gatherBatch(dataset, dataset.test, indices);
    tf.tidy(() => {
      const labels = tf.tensor1d(host.labels, 'int32');
      const x = tf.tensor4d(host.x, [host.size, ...dataset.imageShape]);
      const truth = tf.oneHot(labels, k).toFloat();
      runs.forEach((run, i) => {
        const logits = run.model.logits(x, false);
        const lossSum = tf.sum(perExampleCrossEntropy(logits, smoothedTargets(labels, k, 0))).reshape([1]);
        const predicted = tf.oneHot(tf.argMax(logits, 1), k).toFloat();
        const confusion = tf.matMul(truth, predicted, true, false).reshape([-1]);
        const total = totals[i] as tf.Variable;
        total.assign(total.add(tf.concat([lossSum, confusion])));
      });
    });
  }
  const stacked = tf.stack(totals);
  const sums = (await stacked.data()) as Float32Array;
  stacked.dispose();
  tf.dispose(totals);
  return runs.map((run, i) => toRecord(run, sums.subarray(i * (1 + k * k), (i + 1) * (1 + k * k)), k, n));
}

function toRecord(run: Run, sums: Float32Array, k: number, n: number): EvaluationRecord {
  const confusion = Array.from({ length: k }, (_, t) =>
    Array.from(sums.subarray(1 + t * k, 1 + (t + 1) * k)),
  );
  const correct = confusion.reduce((sum, row, t) => sum + (row[t] as number), 0);
  const perClassAccuracy = confusion.map((row, t) => {
    const count = row.reduce((a, b) => a + b, 0);
    return count === 0 ? Number.NaN : (row[t] as number) / count;
  });
  return {
    runId: run.id,
    replica: run.replica,
    step: run.step,
    testLoss: (sums[0] as number) / n,
    testAccuracy: correct / n,
    perClassAccuracy,
    confusion,
  };
}
