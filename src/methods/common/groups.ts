/**
 * m-sharpness (Foret et al. 2021, §4; Andriushchenko & Flammarion 2022): the batch is cut into groups
 * of m consecutive examples, and each group gets its own perturbation, as each device of a
 * data-parallel SAM run does with its shard. The descent gradient is the size-weighted mean of the
 * groups' gradients, so with ρ = 0 it is exactly the full-batch gradient.
 */
import * as tf from '@tensorflow/tfjs';
import type { DeviceBatch } from './types';

export interface BatchGroup {
  readonly batch: DeviceBatch;
  /** n_k / n: the group's share of the batch (the last group may be smaller than m). */
  readonly weight: number;
}

/** One group (the batch itself) when m is 0 or at least the batch size; slices are tracked by the caller's tidy. */
export function splitIntoGroups(batch: DeviceBatch, m: number): BatchGroup[] {
  const n = batch.labels.shape[0];
  if (m <= 0 || m >= n) return [{ batch, weight: 1 }];
  const groups: BatchGroup[] = [];
  for (let start = 0; start < n; start += m) {
    const size = Math.min(m, n - start);
    groups.push({
      batch: {
        x: tf.slice(batch.x, [start], [size]),
        labels: tf.slice(batch.labels, [start], [size]),
        targets: tf.slice(batch.targets, [start, 0], [size, -1]),
      },
      weight: size / n,
    });
  }
  return groups;
}

/**
 * BatchNorm across groups: each group's clean pass starts from the step's moving statistics, and the
 * step ends with the size-weighted mean of the groups' results. For the moving mean that is exactly one
 * update with the batch mean; for the variance it is the mean of the groups' variances, as unsynchronised
 * data-parallel BatchNorm gives. Without this, every group would apply BN's momentum once more per step.
 */
export class GroupedBatchNorm {
  private readonly start: tf.Tensor[];
  private readonly after: tf.Tensor[][] = [];
  private readonly weights: number[] = [];

  /** Call inside the step's tidy: the handles it keeps are tracked by it. */
  constructor(private readonly variables: readonly tf.Variable[]) {
    this.start = variables.map((v) => v.clone());
  }

  /** Before a group's clean pass: back to the statistics the step started from. */
  rewind(): void {
    this.variables.forEach((v, i) => {
      v.assign(this.start[i] as tf.Tensor);
    });
  }

  /** After a group's clean pass: remember what it made of the statistics. */
  record(weight: number): void {
    this.after.push(this.variables.map((v) => v.clone()));
    this.weights.push(weight);
  }

  /** Sets the statistics to the weighted mean of the recorded ones. */
  commit(): void {
    tf.tidy(() => {
      this.variables.forEach((v, i) => {
        v.assign(
          tf.addN(this.after.map((state, k) => (state[i] as tf.Tensor).mul(this.weights[k] as number))),
        );
      });
    });
  }
}
