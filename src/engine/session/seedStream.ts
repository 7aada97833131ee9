/**
 * What replica k of every run shares: its seed, its training data (the data regime's subset and noisy
 * labels drawn from that seed), its batch order and its initial weights. One stream per seed, so
 * replica k of SAM and of BiSAM start from the same weights and see the same batches of the same
 * labels, and their step t uploads one batch between them.
 */
import { replicaSeeds } from '../../config/replicas';
import { SeededBatcher } from '../data/batcher';
import { applyDataRegime, type DataRegime, type RegimeDataset } from '../data/regime';
import type { TrainableModel } from '../model/build';
import { initialWeights } from '../model/init';
import { deriveSeed } from '../random';

export class SeedStream {
  readonly batcher: SeededBatcher;
  /** This seed's training data: the session's, after the regime drawn from `seed` when there is one. */
  readonly dataset: RegimeDataset;
  private initial?: Float32Array[];

  constructor(
    readonly replica: number,
    readonly seed: number,
    dataset: RegimeDataset,
    batchSize: number,
    regime?: DataRegime,
  ) {
    this.dataset = regime ? applyDataRegime(dataset, regime, seed) : dataset;
    this.batcher = new SeededBatcher(this.dataset, batchSize, deriveSeed(seed, 1));
  }

  /** The initial weights of this seed (host arrays, drawn once from the first model's shapes). */
  initialWeights(model: TrainableModel): Float32Array[] {
    this.initial ??= initialWeights(model, deriveSeed(this.seed, 0));
    return this.initial;
  }
}

export function seedStreams(
  dataset: RegimeDataset,
  batchSize: number,
  seed: number,
  count: number,
  regime?: DataRegime,
): SeedStream[] {
  return replicaSeeds(seed, count).map(
    (replicaSeed, k) => new SeedStream(k, replicaSeed, dataset, batchSize, regime),
  );
}
