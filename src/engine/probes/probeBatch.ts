/**
 * The probe batch: P training examples chosen by the experiment seed, the same for every run, kept on
 * the device in chunks of 128 (each chunk is one training-mode forward with its own batch statistics).
 */
import * as tf from '@tensorflow/tfjs';
import { gatherBatch } from '../data/batcher';
import type { ImageDataset } from '../data/dataset';
import { deriveSeed, seededPermutation } from '../random';

/** Examples per forward pass; the common-ρ adversary is also computed per chunk, like a training step. */
export const PROBE_CHUNK = 128;
/** Seed label of the probe batch's draw (0 and 1 are the initial weights and the batch order). */
const PROBE_BATCH_LABEL = 0x70726f62;

export interface ProbeChunk {
  readonly x: tf.Tensor;
  readonly labels: tf.Tensor1D;
}

export class ProbeBatch {
  constructor(
    readonly chunks: readonly ProbeChunk[],
    readonly numClasses: number,
  ) {}

  get size(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.labels.shape[0], 0);
  }

  dispose(): void {
    for (const chunk of this.chunks) tf.dispose([chunk.x, chunk.labels]);
  }
}

/** Indices of the probe examples in the training split: a seeded draw without replacement. */
export function probeIndices(trainCount: number, size: number, seed: number): Uint32Array {
  if (!Number.isInteger(size) || size < 1 || size > trainCount) {
    throw new Error(`probe batch size must be an integer in 1..${trainCount}, got ${size}`);
  }
  return seededPermutation(trainCount, deriveSeed(seed, PROBE_BATCH_LABEL)).slice(0, size);
}

export function createProbeBatch(dataset: ImageDataset, size: number, seed: number): ProbeBatch {
  const indices = probeIndices(dataset.train.count, size, seed);
  const chunks: ProbeChunk[] = [];
  for (let start = 0; start < size; start += PROBE_CHUNK) {
    const host = gatherBatch(dataset, dataset.train, indices.subarray(start, start + PROBE_CHUNK));
    chunks.push({
      x: tf.tensor(host.x, [host.size, ...dataset.imageShape]),
      labels: tf.tensor1d(host.labels, 'int32'),
    });
  }
  return new ProbeBatch(chunks, dataset.numClasses);
}
