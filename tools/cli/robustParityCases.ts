/**
 * The robust-evaluation cases cross-checked against tools/bench/torch_robust.py: FGSM and PGD-k
 * (from a given start) on a linear model, the parity CNN (stride-2 'same' conv on an odd size,
 * flatten of conv maps) and a two-channel CNN normalised per channel. Pixels include exact 0s and 1s,
 * so the clip to [0, 1] matters; numbers are rounded to 4 decimals, read alike by both sides. The
 * labels are the model's clean predictions, so each ε's accuracy shows what the attack flipped.
 */

import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../src/config/model';
import { inferenceClassifier } from '../../src/engine/evaluation/attacks';
import { buildModel, type TrainableModel } from '../../src/engine/model/build';
import { assignParams } from '../../src/engine/model/init';
import { createRng, deriveSeed } from '../../src/engine/random';

export interface RobustParityCase {
  numClasses: number;
  layers: LayerSpec[];
  /** Trainable weights in layer order, tfjs layouts. */
  params: { shape: number[]; values: number[] }[];
  /** Applied to pixels in [0, 1]: one value, or one per channel. */
  normalisation: { mean: number | number[]; std: number | number[] };
  /** [N, H, W, C] pixels in [0, 1]. */
  input: { shape: number[]; values: number[] };
  labels: number[];
  /** On the [0, 1] scale. */
  epsilons: number[];
  pgdSteps: number;
  /** u ∈ [−1, 1] per pixel: PGD starts at clip(x + ε·u, 0, 1). */
  startDirections: number[];
}

export interface AttackResult {
  epsilon: number;
  /** The perturbed inputs, NHWC. */
  values: number[];
  accuracy: number;
}

export interface RobustParityResult {
  fgsm: AttackResult[];
  pgd: AttackResult[];
}

const NUM_CLASSES = 3;
const CNN: LayerSpec[] = [
  { type: 'conv2d', filters: 3, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { type: 'maxPool2d', poolSize: 2 },
  { type: 'conv2d', filters: 4, kernelSize: 2, strides: 2, padding: 'same', activation: 'relu' },
  { type: 'flatten' },
  { type: 'dense', units: NUM_CLASSES, activation: 'linear' },
];

const MODELS: {
  name: string;
  inputShape: number[];
  layers: LayerSpec[];
  normalisation: RobustParityCase['normalisation'];
}[] = [
  {
    name: 'linear-fgsm-pgd',
    inputShape: [6, 4, 4, 1],
    layers: [{ type: 'flatten' }, { type: 'dense', units: NUM_CLASSES, activation: 'linear' }],
    normalisation: { mean: 0.3, std: 0.4 },
  },
  { name: 'cnn-fgsm-pgd', inputShape: [6, 6, 6, 1], layers: CNN, normalisation: { mean: 0.286, std: 0.353 } },
  {
    name: 'cnn-rgb-fgsm-pgd',
    inputShape: [4, 6, 6, 2],
    layers: CNN,
    normalisation: { mean: [0.4, 0.5], std: [0.25, 0.2] },
  },
];

const round4 = (value: number) => Number(value.toFixed(4));

/** The cases; builds each model once on the current tfjs backend to read its weight shapes. */
export function robustParityCases(): { name: string; case: RobustParityCase }[] {
  return MODELS.map(({ name, inputShape, layers, normalisation }, index) => {
    const rng = createRng(deriveSeed(2305, index));
    const uniform = (count: number, low: number, high: number) =>
      Array.from({ length: count }, () => round4(low + (high - low) * rng()));
    const model = buildModel(layers, inputShape.slice(1), NUM_CLASSES);
    const shapes = model.params.map((p) => [...p.shape]);
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    // Kernels ±1.5/√fan-in, biases ±0.1: logits of order 1, so the attacks flip some predictions.
    const params = shapes.map((shape) => {
      const half = shape.length === 1 ? 0.1 : 1.5 / Math.sqrt(size(shape.slice(0, -1)));
      return { shape, values: uniform(size(shape), -half, half) };
    });
    const pixels = size(inputShape);
    // Every fifth pixel at 0 or 1, so the attacks push some against the range.
    const input = uniform(pixels, 0, 1).map((v, i) => (i % 10 === 0 ? 0 : i % 10 === 5 ? 1 : v));
    assignParams(
      model,
      params.map((p) => Float32Array.from(p.values)),
    );
    const labels = cleanPredictions(model, normalisation, input, inputShape);
    model.dispose();
    return {
      name,
      case: {
        numClasses: NUM_CLASSES,
        layers,
        params,
        normalisation,
        input: { shape: inputShape, values: input },
        labels,
        epsilons: [2 / 255, 8 / 255, 32 / 255],
        pgdSteps: 5,
        startDirections: uniform(pixels, -1, 1),
      },
    };
  });
}

/** Labels = the model's clean predictions, so clean accuracy is 1 and every drop is the attack's. */
function cleanPredictions(
  model: TrainableModel,
  normalisation: RobustParityCase['normalisation'],
  pixels: number[],
  shape: number[],
): number[] {
  return tf.tidy(() => {
    const logits = inferenceClassifier(
      model,
      normalisation,
    )(tf.tensor4d(pixels, shape as [number, number, number, number]));
    return [...(tf.argMax(logits, 1).dataSync() as Int32Array)];
  });
}

/** Where the PyTorch outputs are committed, so machines without torch still check against them. */
export const ROBUST_FIXTURE_DIR = 'tools/cli/fixtures/torch-robust';

export interface RobustFixture {
  name: string;
  torch: string;
  case: RobustParityCase;
  result: RobustParityResult;
}

export const robustFixturePath = (name: string) => `${ROBUST_FIXTURE_DIR}/${name}.json`;
