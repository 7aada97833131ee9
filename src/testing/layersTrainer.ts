/**
 * A plain tf.layers training step (softmax cross-entropy, tf.train.sgd): the reference workload of
 * the kernel trajectory test and of the WASM profile, so both measure the same thing.
 */
import * as tf from '@tensorflow/tfjs';

export interface LayersTrainer {
  /** One SGD step; returns the loss before it (a readback, fine outside the app's hot loop). */
  step(): number;
  /** Frees the batch, the optimizer and the model. */
  dispose(): void;
}

export function layersSgdTrainer(
  model: tf.LayersModel,
  xs: tf.Tensor,
  ys: tf.Tensor,
  lr: number,
): LayersTrainer {
  const optimizer = tf.train.sgd(lr);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    step() {
      const { value, grads } = tf.variableGrads(
        () =>
          tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
        vars,
      );
      optimizer.applyGradients(grads);
      const loss = value.dataSync()[0] as number;
      tf.dispose([value, ...Object.values(grads)]);
      return loss;
    },
    dispose() {
      tf.dispose([xs, ys]);
      optimizer.dispose();
      model.dispose();
    },
  };
}
