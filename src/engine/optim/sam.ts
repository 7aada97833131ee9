/**
 * SAM (Foret et al. 2021; reference davda54/sam): the adversary raises the same smoothed CE the
 * minimiser lowers. With `adaptive` it is ASAM (Kwon et al. 2021).
 */
import { crossEntropy } from '../metrics/loss';
import type { TrainableModel } from '../model/build';
import { createSharpnessAware } from './sharpnessAware';
import type { Optimizer } from './types';

export function createSam(model: TrainableModel): Optimizer {
  return createSharpnessAware('sam', model, {
    value: (logits, batch) => crossEntropy(logits, batch.targets),
  });
}
