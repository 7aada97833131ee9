/**
 * What replica k of every run shares: its seed, its batch order and its initial weights. One stream
 * per seed, so replica k of SAM and of BiSAM start from the same weights and see the same batches,
 * and their step t uploads one batch between them.
 */
import { replicaSeeds } from '../../config/replicas';
import { SeededBatcher } from '../data/batcher';
import type { ImageDataset } from '../data/dataset';
import type { TrainableModel } from '../model/build';
import { initialWeights } from '../model/init';
import { deriveSeed } from '../random';

export class SeedStream {
  readonly batcher: SeededBatcher;
  private initial?: Float32Array[];

  constructor(
    readonly replica: number,
    readonly seed: number,
    dataset: ImageDataset,
    batchSize: number,
  ) {
    this.batcher = new SeededBatcher(dataset, batchSize, deriveSeed(seed, 1));
  }

  /** The initial weights of this seed (host arrays, drawn once from the first model's shapes). */
  initialWeights(model: TrainableModel): Float32Array[] {
    this.initial ??= initialWeights(model, deriveSeed(this.seed, 0));
    return this.initial;
  }
}

export function seedStreams(
  dataset: ImageDataset,
  batchSize: number,
  seed: number,
  count: number,
): SeedStream[] {
  return replicaSeeds(seed, count).map(
    (replicaSeed, k) => new SeedStream(k, replicaSeed, dataset, batchSize),
  );
}
