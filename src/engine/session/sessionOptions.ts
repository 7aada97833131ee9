/** What a session is made of: its data and regime, model, batch, seeds, length, evaluation and runs. */
import type { LayerSpec } from '../../config/model';
import type { RobustConfig } from '../../config/robust';
import type { RunConfig } from '../../config/schema';
import type { Augmentation } from '../data/augment';
import type { DataRegime, RegimeDataset } from '../data/regime';

export interface SessionOptions {
  /** The data; after its regime already when `regime` is absent (a study's one seed). */
  readonly dataset: RegimeDataset;
  /**
   * Subset and label noise drawn per seed: replica k trains on the regime drawn from seed + k, the
   * same for every run (ALGORITHMS.md "Data regimes"; replica k of a run is the single-seed run of seed + k).
   */
  readonly regime?: DataRegime;
  /** Crop and/or flip each training batch on the device; the same draws for every run. */
  readonly augmentation?: Augmentation;
  readonly layers: readonly LayerSpec[];
  readonly batchSize: number;
  /** Seed of replica 0; replica k uses seed + k. */
  readonly seed: number;
  /** Replicas per run (1 when absent). */
  readonly seeds?: number;
  readonly totalSteps: number;
  readonly evalExamples: number;
  /** FGSM, PGD and noise accuracy with each evaluation; none when absent. */
  readonly robust?: RobustConfig;
  readonly runs: readonly RunConfig[];
}
