/**
 * Seeded data order. Every run of a comparison asks the same batcher for step t and gets the same
 * examples; each epoch is a fresh seeded permutation, and the last partial batch is dropped so batch
 * shapes stay fixed (tfjs buffer pools stay bounded).
 */
import { deriveSeed, seededPermutation } from '../random';
import { type ImageDataset, type ImageSplit, rowOf } from './dataset';

export interface HostBatch {
  /** Normalised pixels, N×H×W×C. */
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly size: number;
}

export class SeededBatcher {
  readonly stepsPerEpoch: number;
  private cachedEpoch = -1;
  private cachedOrder: Uint32Array = new Uint32Array(0);

  constructor(
    private readonly dataset: ImageDataset,
    readonly batchSize: number,
    private readonly seed: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new Error(`batch size must be a positive integer, got ${batchSize}`);
    if (batchSize > dataset.train.count) {
      throw new Error(`batch size ${batchSize} exceeds the ${dataset.train.count} training examples`);
    }
    this.stepsPerEpoch = Math.floor(dataset.train.count / batchSize);
  }

  /** Indices of the examples in global step `step` (0-based). */
  indicesAt(step: number): Uint32Array {
    const epoch = Math.floor(step / this.stepsPerEpoch);
    if (epoch !== this.cachedEpoch) {
      this.cachedOrder = seededPermutation(this.dataset.train.count, deriveSeed(this.seed, epoch));
      this.cachedEpoch = epoch;
    }
    const start = (step % this.stepsPerEpoch) * this.batchSize;
    return this.cachedOrder.subarray(start, start + this.batchSize);
  }

  batchAt(step: number): HostBatch {
    return gatherBatch(this.dataset, this.dataset.train, this.indicesAt(step));
  }
}

/** Copies and normalises the given examples of a split into a host batch. */
export function gatherBatch(dataset: ImageDataset, split: ImageSplit, indices: ArrayLike<number>): HostBatch {
  const [h, w, c] = dataset.imageShape;
  const pixels = h * w * c;
  const x = new Float32Array(indices.length * pixels);
  const labels = new Int32Array(indices.length);
  const scale = 1 / ((split.images instanceof Uint8Array ? 255 : 1) * dataset.std);
  const shift = dataset.mean / dataset.std;
  for (let i = 0; i < indices.length; i++) {
    const example = indices[i] as number;
    const source = rowOf(split, example) * pixels;
    const target = i * pixels;
    for (let p = 0; p < pixels; p++) x[target + p] = (split.images[source + p] as number) * scale - shift;
    labels[i] = split.labels[example] as number;
  }
  return { x, labels, size: indices.length };
}

/** Consecutive index ranges [start, start+size) covering n examples, for evaluation. */
export function* evaluationRanges(n: number, size: number): Generator<[number, number]> {
  for (let start = 0; start < n; start += size) yield [start, Math.min(n, start + size)];
}
