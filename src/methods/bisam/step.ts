/**
 * BiSAM (Xie et al., ICML 2024; reference LIONS-EPFL/BiSAM): SAM whose adversary maximises Q, a lower
 * bound of the 0-1 loss, on the same first-pass logits. Cost and descent pass are exactly SAM's.
 */

import type { TrainableModel } from '../../engine/model/build';
import { createSharpnessAware } from '../common/sharpnessAware';
import type { Optimizer } from '../common/types';
import { bisamObjective, negLogBound, tanhBound } from './objective';

/** φ(x) = tanh(α·x), defaults α = 0.1, μ = 1. */
export function createBisamTanh(model: TrainableModel): Optimizer {
  return createSharpnessAware('bisam-tanh', model, {
    ascent: {
      reportAs: 'bisamQ',
      value: (logits, batch, { bisamAlpha, bisamMu }) =>
        bisamObjective(logits, batch.labels, tanhBound(bisamAlpha), bisamMu),
    },
  });
}

/** φ(x) = 1 - log(1 + exp(γ - x)), the reference code's default method; default μ = 1. */
export function createBisamLog(model: TrainableModel): Optimizer {
  return createSharpnessAware('bisam-log', model, {
    ascent: {
      reportAs: 'bisamQ',
      value: (logits, batch, { bisamMu }) => bisamObjective(logits, batch.labels, negLogBound, bisamMu),
    },
  });
}
