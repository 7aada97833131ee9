/**
 * SGD's momentum update (torch.optim.SGD, dampening 0) as one kernel that a backend may provide:
 *   buf' = β·buf + (g + λw);  w' = w - η·(nesterov ? (g + λw) + β·buf' : buf')
 * Composed of tfjs ops it is six kernels per weight tensor; on WebGPU each is a dispatch, so the
 * `webgpu` backend registers a fused version (two dispatches), and `wasm` one loop (wasm/momentumStep.ts).
 * Elsewhere the op chain runs.
 */
import * as tf from '@tensorflow/tfjs';

export const MOMENTUM_STEP_KERNEL = 'SamPlaygroundMomentumStep';

/** The kernel's attributes: the step's hyperparameters (β > 0; the chain without momentum is short). */
export interface MomentumStepAttrs {
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
}

/** The next momentum buffer and weights, or undefined where the active backend has no fused kernel. */
export function fusedMomentumStep(
  param: tf.Tensor,
  grad: tf.Tensor,
  buffer: tf.Tensor,
  attrs: MomentumStepAttrs,
): { nextBuffer: tf.Tensor; nextParam: tf.Tensor } | undefined {
  if (!tf.getKernel(MOMENTUM_STEP_KERNEL, tf.getBackend())) return undefined;
  const [nextBuffer, nextParam] = tf
    .engine()
    .runKernel(MOMENTUM_STEP_KERNEL, { param, grad, buffer }, { ...attrs }) as tf.Tensor[];
  return { nextBuffer: nextBuffer as tf.Tensor, nextParam: nextParam as tf.Tensor };
}
