/**
 * Filter-normalised directions (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets"):
 * a Gaussian direction with each filter rescaled to the norm of the same filter of the weights, so a
 * step of 1 moves every filter by its own scale and pictures of differently scaled runs compare.
 */
import * as tf from '@tensorflow/tfjs';
import { NORM_EPS } from '../../methods/common/gradients';
import type { weightKind } from '../model/init';

export interface ParamInfo {
  readonly shape: readonly number[];
  readonly kind: ReturnType<typeof weightKind>;
}

/**
 * Rescales `direction` filter by filter to the norms of `weights`: a filter is a kernel's slice along
 * its last axis (a conv output channel or a dense output unit, tfjs layouts). Biases and BatchNorm
 * parameters get 0, as in the paper's code (they are not filters).
 */
export function filterNormalised(
  direction: readonly tf.Tensor[],
  weights: readonly tf.Tensor[],
  params: readonly ParamInfo[],
): tf.Tensor[] {
  return tf.tidy(() =>
    direction.map((d, i) => {
      if (params[i]?.kind !== 'kernel') return tf.zerosLike(d);
      const w = weights[i] as tf.Tensor;
      const filterAxes = Array.from({ length: d.rank - 1 }, (_, axis) => axis);
      const filterNorm = (t: tf.Tensor) => tf.sqrt(tf.sum(tf.square(t), filterAxes, true));
      return d.mul(filterNorm(w).div(filterNorm(d).add(NORM_EPS)));
    }),
  );
}
