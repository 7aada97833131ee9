/** SGD: one forward-backward pass, then the PyTorch base step. */
import * as tf from '@tensorflow/tfjs';
import { batchAccuracy, crossEntropy } from '../metrics/loss';
import type { TrainableModel } from '../model/build';
import { PytorchSgdStep } from './baseStep';
import { valueAndGrads } from './gradients';
import type { Optimizer, StepContext, StepScalars } from './types';

export function createSgd(model: TrainableModel): Optimizer {
  const base = new PytorchSgdStep(model.params);
  return {
    name: 'sgd',
    gradEvalsPerStep: 1,
    state: base.buffers,
    step({ batch, hparams, lr }: StepContext): StepScalars {
      return tf.tidy(() => {
        let accuracy: tf.Scalar | undefined;
        const { value: loss, grads } = valueAndGrads(() => {
          const logits = model.logits(batch.x, true);
          accuracy = tf.keep(batchAccuracy(logits, batch.labels));
          return crossEntropy(logits, batch.targets);
        }, model.params);
        base.apply(grads, hparams, lr);
        return { loss, accuracy: accuracy as tf.Scalar };
      });
    },
    dispose: () => base.dispose(),
  };
}
