/**
 * The experiment's data regime applied to a loaded dataset: a class-balanced training subset, then
 * label noise on that subset. Both are drawn from a seed (each from its own stream; a session draws
 * them per replica seed), so every run of a comparison, and every later session with the same seed,
 * trains on the same examples with the same labels.
 */
import { deriveSeed } from '../random';
import type { ImageDataset } from './dataset';
import { type LabelNoise, type NoisyTrainingSplit, withLabelNoise } from './labelNoise';
import { withTrainingSubset } from './subset';

/** Stream labels of the data's uses of the experiment seed (the session uses 0 and 1). */
export const DATA_STREAMS = {
  toys: 0x746f7973,
  subset: 0x73756273,
  labelNoise: 0x6e6f6973,
  augment: 0x61756720,
} as const;

export interface DataRegime {
  /** Training examples kept, class-balanced; all when absent. */
  readonly subset?: number;
  readonly labelNoise?: LabelNoise;
}

/** A dataset after its regime; `train.flipped` lists the noisy-labelled examples when noise is on. */
export type RegimeDataset = ImageDataset & { readonly train: ImageDataset['train'] | NoisyTrainingSplit };

export function applyDataRegime(dataset: ImageDataset, regime: DataRegime, seed: number): RegimeDataset {
  let result: RegimeDataset = dataset;
  if (regime.subset !== undefined && regime.subset < dataset.train.count) {
    result = withTrainingSubset(result, regime.subset, deriveSeed(seed, DATA_STREAMS.subset));
  }
  if (regime.labelNoise && regime.labelNoise.rate > 0) {
    result = withLabelNoise(result, regime.labelNoise, deriveSeed(seed, DATA_STREAMS.labelNoise));
  }
  return result;
}

/** The noisy-label bookkeeping of a training split, when it has any. */
export function noisyTraining(dataset: RegimeDataset): NoisyTrainingSplit | undefined {
  return 'flipped' in dataset.train ? dataset.train : undefined;
}
