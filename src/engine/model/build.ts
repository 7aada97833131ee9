/**
 * Layer specs → a tf.layers model wrapped as a TrainableModel: the optimizers see a flat list of
 * trainable variables in layer order (kernel then bias) and a `logits` function, nothing else.
 * Built with the functional API so residual blocks can branch and add.
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

type Residual = Extract<LayerSpec, { type: 'residual' }>;

export function buildModel(
  layers: readonly LayerSpec[],
  inputShape: readonly number[],
  numClasses: number,
): TrainableModel {
  const last = layers[layers.length - 1];
  if (last?.type !== 'dense' || last.units !== numClasses) {
    throw new Error(`the last layer must be dense with ${numClasses} units (one logit per class)`);
  }
  const input = tf.input({ shape: [...inputShape] });
  // Layers in spec order (a block's in PyTorch's order: conv1, bn1, conv2, bn2, shortcut). The
  // params are read from this list, not from the model, whose order is tfjs's topological sort.
  const created: tf.layers.Layer[] = [];
  const track = <L extends tf.layers.Layer>(layer: L): L => {
    created.push(layer);
    return layer;
  };
  let output = input;
  for (const spec of layers) {
    output =
      spec.type === 'residual'
        ? residualBlock(spec, output, track)
        : (track(toLayer(spec)).apply(output) as tf.SymbolicTensor);
  }
  const model = tf.model({ inputs: input, outputs: output });
  const params = created.flatMap((layer) =>
    layer.trainableWeights.map((weight) => weight.read() as tf.Variable),
  );
  const stateVariables = created.flatMap((layer) =>
    layer.nonTrainableWeights.map((weight) => weight.read() as tf.Variable),
  );
  return {
    params,
    stateVariables,
    paramCount: params.reduce((sum, p) => sum + p.size, 0),
    logits: (x, training) => model.apply(x, { training }) as tf.Tensor2D,
    dispose: () => model.dispose(),
  };
}

/** Parameter count of a spec without building it on a backend (for the layer editor). */
export function countParams(
  layers: readonly LayerSpec[],
  inputShape: readonly number[],
  numClasses: number,
): number {
  const model = buildModel(layers, inputShape, numClasses);
  const count = model.paramCount;
  model.dispose();
  return count;
}

/** BatchNorm as PyTorch's defaults: its momentum 0.1 is tfjs's 0.9 (the weight of the old running value). */
const batchNorm = () => tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });

function residualBlock(
  spec: Residual,
  input: tf.SymbolicTensor,
  track: <L extends tf.layers.Layer>(layer: L) => L,
): tf.SymbolicTensor {
  const { filters, strides } = spec;
  const conv = (kernelSize: number, stride: number) =>
    track(tf.layers.conv2d({ filters, kernelSize, strides: stride, padding: 'same', useBias: false }));
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor) => layer.apply(x) as tf.SymbolicTensor;
  let main = apply(conv(3, strides), input);
  main = apply(track(batchNorm()), main);
  main = apply(tf.layers.activation({ activation: 'relu' }), main);
  main = apply(conv(3, 1), main);
  main = apply(track(batchNorm()), main);
  const inChannels = input.shape[input.shape.length - 1];
  let shortcut = input;
  if (strides !== 1 || inChannels !== filters) {
    shortcut = apply(conv(1, strides), input);
    shortcut = apply(track(batchNorm()), shortcut);
  }
  const sum = tf.layers.add().apply([main, shortcut]) as tf.SymbolicTensor;
  return apply(tf.layers.activation({ activation: 'relu' }), sum);
}

function toLayer(spec: Exclude<LayerSpec, Residual>): tf.layers.Layer {
  switch (spec.type) {
    case 'conv2d':
      return tf.layers.conv2d({
        filters: spec.filters,
        kernelSize: spec.kernelSize,
        strides: spec.strides,
        padding: spec.padding,
        activation: spec.activation,
      });
    case 'maxPool2d':
      return tf.layers.maxPooling2d({ poolSize: spec.poolSize });
    case 'batchNorm':
      return batchNorm();
    case 'activation':
      return tf.layers.activation({ activation: spec.activation });
    case 'globalAvgPool':
      return tf.layers.globalAveragePooling2d({});
    case 'dropout':
      return tf.layers.dropout({ rate: spec.rate });
    case 'flatten':
      return tf.layers.flatten();
    case 'dense':
      return tf.layers.dense({ units: spec.units, activation: spec.activation });
  }
}
