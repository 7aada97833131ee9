/**
 * The ascent step every sharpness-aware method shares: the perturbation e from an ascent gradient,
 * and running a pass at w + e with the weights and BatchNorm state put back exactly afterwards.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from '../../config/optimizers';
import type { TrainableModel } from '../../engine/model/build';
import { globalNorm, NORM_EPS } from './gradients';

/**
 * SAM: e = ρ·g/(‖g‖+eps). ASAM (`adaptive`): e = ρ·T²g/(‖Tg‖+eps) with T = |w| elementwise, so
 * the step is invariant to rescaling a layer's weights. The norm is global over all tensors; `eps`
 * is 1e-12 as davda54/sam unless a method's reference uses another (SSAM, ESAM: 1e-7).
 * `ascentGradNorm`: ‖g‖ where the caller has it already (it reports it), so SAM's form does not
 * reduce the gradients again; ASAM's norm is of T·g and ignores it.
 */
export function ascentPerturbation(
  ascentGrads: readonly tf.Tensor[],
  params: readonly tf.Variable[],
  hparams: Pick<Hyperparams, 'rho' | 'adaptive'>,
  eps = NORM_EPS,
  ascentGradNorm?: tf.Scalar,
): tf.Tensor[] {
  return tf.tidy(() => {
    const { rho, adaptive } = hparams;
    if (!adaptive) {
      const scale = tf.div(rho, (ascentGradNorm ?? globalNorm(ascentGrads)).add(eps));
      return ascentGrads.map((g) => g.mul(scale));
    }
    const scaled = ascentGrads.map((g, i) => g.mul(tf.abs(params[i] as tf.Variable)));
    const scale = tf.div(rho, globalNorm(scaled).add(eps));
    return scaled.map((tg, i) => tg.mul(tf.abs(params[i] as tf.Variable)).mul(scale));
  });
}

/** Handles on the current values of some variables (clones share the data: no copy is made). */
export function snapshotVariables(variables: readonly tf.Variable[]): tf.Tensor[] {
  return variables.map((v) => v.clone());
}

/** Puts the snapshot back by assignment: w + e - e is not w in float32, so never subtract. */
export function restoreVariables(variables: readonly tf.Variable[], snapshot: readonly tf.Tensor[]): void {
  variables.forEach((v, i) => {
    v.assign(snapshot[i] as tf.Tensor);
  });
}

/**
 * Runs `measure` at w + e, then restores w and the BatchNorm moving statistics exactly, so only the
 * clean pass updates them (the reference code zeroes BN momentum on this pass; same effect).
 * Call inside the caller's tidy; what `measure` returns stays tracked by it.
 */
export function atPerturbedWeights<T>(
  model: TrainableModel,
  perturbation: readonly tf.Tensor[],
  measure: () => T,
): T {
  const weights = snapshotVariables(model.params);
  const batchNormState = snapshotVariables(model.stateVariables);
  model.params.forEach((param, i) => {
    param.assign(param.add(perturbation[i] as tf.Tensor));
  });
  try {
    return measure();
  } finally {
    restoreVariables(model.params, weights);
    restoreVariables(model.stateVariables, batchNormState);
  }
}
