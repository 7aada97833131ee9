/**
 * The outer update with exact torch.optim.SGD semantics (dampening 0), shared by every method:
 *   d = g + λw;  buf = β·buf + d;  d = nesterov ? d + β·buf : buf;  w = w - η·d
 * Weight decay enters here only, never in an ascent gradient.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from '../../config/optimizers';

export class PytorchSgdStep {
  /** Momentum buffers, one per parameter; zero-initialised (β·0 + d = d, as PyTorch's first step). */
  readonly buffers: tf.Variable[];

  constructor(private readonly params: readonly tf.Variable[]) {
    this.buffers = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  }

  apply(grads: readonly tf.Tensor[], hparams: Hyperparams, lr: number): void {
    const { momentum, weightDecay, nesterov } = hparams;
    tf.tidy(() => {
      this.params.forEach((param, i) => {
        const grad = grads[i] as tf.Tensor;
        const buffer = this.buffers[i] as tf.Variable;
        let direction = weightDecay === 0 ? grad : grad.add(param.mul(weightDecay));
        if (momentum !== 0) {
          const nextBuffer = buffer.mul(momentum).add(direction);
          buffer.assign(nextBuffer);
          direction = nesterov ? direction.add(nextBuffer.mul(momentum)) : nextBuffer;
        }
        param.assign(param.sub(direction.mul(lr)));
      });
    });
  }

  dispose(): void {
    for (const buffer of this.buffers) buffer.dispose();
  }
}
