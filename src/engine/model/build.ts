/**
 * Layer specs → a tf.layers model wrapped as a TrainableModel: the optimizers see a flat list of
 * trainable variables in layer order (kernel then bias) and a `logits` function, nothing else.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../config/model';

export interface TrainableModel {
  /** Trainable variables in layer order, kernel before bias (tfjs layouts). */
  readonly params: readonly tf.Variable[];
  /** Non-trainable state (BatchNorm moving mean/variance), updated by training-mode passes. */
  readonly stateVariables: readonly tf.Variable[];
  readonly paramCount: number;
  /** Logits for a batch; `training` selects batch statistics and updates BatchNorm's moving stats. */
  logits(x: tf.Tensor, training: boolean): tf.Tensor2D;
  dispose(): void;
}

export function buildModel(
  layers: readonly LayerSpec[],
  inputShape: readonly number[],
  numClasses: number,
): TrainableModel {
  const last = layers[layers.length - 1];
  if (last?.type !== 'dense' || last.units !== numClasses) {
    throw new Error(`the last layer must be dense with ${numClasses} units (one logit per class)`);
  }
  const model = tf.sequential();
  layers.forEach((spec, index) => {
    model.add(toLayer(spec, index === 0 ? [...inputShape] : undefined));
  });
  const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const stateVariables = model.nonTrainableWeights.map((weight) => weight.read() as tf.Variable);
  return {
    params,
    stateVariables,
    paramCount: params.reduce((sum, p) => sum + p.size, 0),
    logits: (x, training) => model.apply(x, { training }) as tf.Tensor2D,
    dispose: () => model.dispose(),
  };
}

/** Parameter count of a spec without building it on a backend (for the layer editor). */
export function countParams(layers: readonly LayerSpec[], inputShape: readonly number[], numClasses: number): number {
  const model = buildModel(layers, inputShape, numClasses);
  const count = model.paramCount;
  model.dispose();
  return count;
}

function toLayer(spec: LayerSpec, inputShape: number[] | undefined): tf.layers.Layer {
  const first = inputShape ? { inputShape } : {};
  switch (spec.type) {
    case 'conv2d':
      return tf.layers.conv2d({
        ...first,
        filters: spec.filters,
        kernelSize: spec.kernelSize,
        strides: spec.strides,
        padding: spec.padding,
        activation: spec.activation,
      });
    case 'maxPool2d':
      return tf.layers.maxPooling2d({ ...first, poolSize: spec.poolSize });
    case 'batchNorm':
      // PyTorch's BN momentum 0.1 is tfjs's 0.9 (the weight of the old running value); eps as PyTorch.
      return tf.layers.batchNormalization({ ...first, momentum: 0.9, epsilon: 1e-5 });
    case 'dropout':
      return tf.layers.dropout({ ...first, rate: spec.rate });
    case 'flatten':
      return tf.layers.flatten(first);
    case 'dense':
      return tf.layers.dense({ ...first, units: spec.units, activation: spec.activation });
  }
}
