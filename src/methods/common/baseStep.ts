/**
 * The outer update with exact torch.optim.SGD semantics (dampening 0), shared by every method:
 *   d = g + λw;  buf = β·buf + d;  d = nesterov ? d + β·buf : buf;  w = w - η·d
 * Weight decay enters here only, never in an ascent gradient.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from '../../config/optimizers';
import { fusedMomentumStep } from '../../engine/backend/momentumStep';

export class PytorchSgdStep {
  /** Momentum buffers, one per parameter; zero-initialised (β·0 + d = d, as PyTorch's first step). */
  readonly buffers: tf.Variable[];

  constructor(private readonly params: readonly tf.Variable[]) {
    this.buffers = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  }

  apply(grads: readonly tf.Tensor[], hparams: Hyperparams, lr: number): void {
    tf.tidy(() => {
      this.params.forEach((param, i) => {
        const buffer = this.buffers[i] as tf.Variable;
        // One fused kernel where the backend has it (WebGPU: 2 dispatches instead of 6 per tensor).
        const { momentum, weightDecay, nesterov } = hparams;
        const fused =
          momentum > 0
            ? fusedMomentumStep(param, grads[i] as tf.Tensor, buffer, { lr, momentum, weightDecay, nesterov })
            : undefined;
        if (fused) {
          buffer.assign(fused.nextBuffer);
          param.assign(fused.nextParam);
          return;
        }
        const { direction, nextBuffer } = this.directionOf(i, grads[i] as tf.Tensor, hparams);
        if (nextBuffer) buffer.assign(nextBuffer);
        param.assign(param.sub(direction.mul(lr)));
      });
    });
  }

  /**
   * The direction d that `apply` would step along (w ← w - η·d) for `grads`, leaving the weights and
   * the momentum buffers as they are: SAMPa's look-ahead point y = w - η·d.
   */
  peekDirection(grads: readonly tf.Tensor[], hparams: Hyperparams): tf.Tensor[] {
    return tf.tidy(() =>
      this.params.map((_, i) => this.directionOf(i, grads[i] as tf.Tensor, hparams).direction),
    );
  }

  private directionOf(
    i: number,
    grad: tf.Tensor,
    { momentum, weightDecay, nesterov }: Hyperparams,
  ): { direction: tf.Tensor; nextBuffer?: tf.Tensor } {
    const param = this.params[i] as tf.Variable;
    const decayed = weightDecay === 0 ? grad : grad.add(param.mul(weightDecay));
    if (momentum === 0) return { direction: decayed };
    const nextBuffer = (this.buffers[i] as tf.Variable).mul(momentum).add(decayed);
    return { direction: nesterov ? decayed.add(nextBuffer.mul(momentum)) : nextBuffer, nextBuffer };
  }

  dispose(): void {
    for (const buffer of this.buffers) buffer.dispose();
  }
}
