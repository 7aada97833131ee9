/**
 * SAM (Foret et al. 2021; reference davda54/sam): the adversary raises the same smoothed CE the
 * minimiser lowers. With `adaptive` it is ASAM (Kwon et al. 2021); with `m` it is m-sharpness.
 */
import type { TrainableModel } from '../../engine/model/build';
import { CROSS_ENTROPY_ASCENT, createSharpnessAware } from '../common/sharpnessAware';
import type { Optimizer } from '../common/types';

export function createSam(model: TrainableModel): Optimizer {
  return createSharpnessAware('sam', model, { ascent: CROSS_ENTROPY_ASCENT });
}
