/**
 * SAM (Foret et al. 2021; reference davda54/sam): the adversary raises the same smoothed CE the
 * minimiser lowers. With `adaptive` it is ASAM (Kwon et al. 2021); with `m` it is m-sharpness.
 */
import { crossEntropy } from '../metrics/loss';
import type { TrainableModel } from '../model/build';
import { type AscentObjective, createSharpnessAware } from './sharpnessAware';
import type { Optimizer } from './types';

/** SAM's adversary: the training loss itself. */
export const CROSS_ENTROPY_ASCENT: AscentObjective = {
  value: (logits, batch) => crossEntropy(logits, batch.targets),
};

export function createSam(model: TrainableModel): Optimizer {
  return createSharpnessAware('sam', model, { ascent: CROSS_ENTROPY_ASCENT });
}
