/**
 * The parity cases cross-checked against tools/bench/torch_parity.py: SGD, SAM (and ASAM, m-sharpness) and
 * both BiSAMs on a small MLP and a small CNN, several steps each. Inputs and weights are seeded and
 * rounded to 4 decimals, so the case files stay short and both sides read the same float32 values.
 * The CNN has a stride-2 'same' conv on an odd size (TensorFlow pads bottom/right) and a flatten of
 * 2×2×4 maps, the two layout traps of porting weights between PyTorch and tfjs.
 */
import type { LayerSpec } from '../../src/config/model';
import { buildModel } from '../../src/engine/model/build';
import { createRng, deriveSeed } from '../../src/engine/random';
import type { ParityResult } from './parityCase';

export interface TorchParityCase {
  name: string;
  /** A parity case as `npm run parity` reads it (unparsed: only what differs from the defaults). */
  case: Record<string, unknown>;
}

const NUM_CLASSES = 3;

const MODELS: Record<'mlp' | 'cnn', { inputShape: number[]; labels: number[]; layers: LayerSpec[] }> = {
  mlp: {
    inputShape: [5, 4],
    labels: [0, 1, 2, 1, 0],
    layers: [
      { type: 'dense', units: 6, activation: 'relu' },
      { type: 'dense', units: NUM_CLASSES, activation: 'linear' },
    ],
  },
  cnn: {
    inputShape: [3, 6, 6, 1],
    labels: [2, 0, 1],
    layers: [
      { type: 'conv2d', filters: 3, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 4, kernelSize: 2, strides: 2, padding: 'same', activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: NUM_CLASSES, activation: 'linear' },
    ],
  },
};

const BASE = { lr: 0.1, momentum: 0.9, weightDecay: 0.01 };
const COSINE = { kind: 'cosine', floor: 0.1 };

/** Method and hyperparameters per case; weight decay 0.01 shows, also if it wrongly entered e. */
const RUNS: { name: string; model: keyof typeof MODELS; optimizer: Record<string, unknown> }[] = [
  { name: 'mlp-sgd', model: 'mlp', optimizer: { name: 'sgd', ...BASE, labelSmoothing: 0.1 } },
  {
    name: 'cnn-sgd-nesterov',
    model: 'cnn',
    optimizer: { name: 'sgd', ...BASE, weightDecay: 0.005, nesterov: true, schedule: COSINE },
  },
  { name: 'mlp-sam', model: 'mlp', optimizer: { name: 'sam', ...BASE, rho: 0.1, labelSmoothing: 0.1 } },
  { name: 'cnn-sam', model: 'cnn', optimizer: { name: 'sam', ...BASE, rho: 0.1 } },
  { name: 'mlp-sam-m2', model: 'mlp', optimizer: { name: 'sam', ...BASE, rho: 0.1, m: 2 } },
  { name: 'cnn-asam', model: 'cnn', optimizer: { name: 'sam', ...BASE, rho: 0.5, adaptive: true } },
  {
    name: 'mlp-bisam-tanh',
    model: 'mlp',
    optimizer: { name: 'bisam-tanh', ...BASE, rho: 0.1, alpha: 0.3, mu: 2, labelSmoothing: 0.1 },
  },
  { name: 'cnn-bisam-tanh', model: 'cnn', optimizer: { name: 'bisam-tanh', ...BASE, rho: 0.1 } },
  {
    name: 'mlp-bisam-log',
    model: 'mlp',
    optimizer: { name: 'bisam-log', ...BASE, rho: 0.1, labelSmoothing: 0.1 },
  },
  { name: 'mlp-bisam-log-m2', model: 'mlp', optimizer: { name: 'bisam-log', ...BASE, rho: 0.1, m: 2 } },
  {
    name: 'cnn-bisam-log',
    model: 'cnn',
    optimizer: { name: 'bisam-log', ...BASE, rho: 0.1, mu: 2, schedule: COSINE },
  },
];

const STEPS = 5;

const round4 = (value: number) => Number(value.toFixed(4));

/** The cases; builds each model once on the current tfjs backend to read its weight shapes. */
export function torchParityCases(): TorchParityCase[] {
  return RUNS.map(({ name, model, optimizer }, index) => {
    const { inputShape, labels, layers } = MODELS[model];
    const rng = createRng(deriveSeed(2024, index));
    const uniform = (count: number, half: number) =>
      Array.from({ length: count }, () => round4((2 * rng() - 1) * half));
    const built = buildModel(layers, inputShape.slice(1), NUM_CLASSES);
    const shapes = built.params.map((p) => [...p.shape]);
    built.dispose();
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    // Kernels ±1.5/√fan-in (fan-in = all but the last axis), biases ±0.1: logits of order 1.
    const params = shapes.map((shape) => {
      const fanIn = size(shape.slice(0, -1));
      return { shape, values: uniform(size(shape), shape.length === 1 ? 0.1 : 1.5 / Math.sqrt(fanIn)) };
    });
    return {
      name,
      case: {
        numClasses: NUM_CLASSES,
        input: { shape: inputShape, values: uniform(size(inputShape), 1) },
        labels,
        layers,
        params,
        optimizer,
        steps: STEPS,
      },
    };
  });
}

/** Where the PyTorch outputs are committed, so CI (without torch) still checks the engine against them. */
export const TORCH_FIXTURE_DIR = 'tools/cli/fixtures/torch';

/** A committed PyTorch output: the case it was computed for, the torch version and the result. */
export interface TorchFixture {
  name: string;
  torch: string;
  case: Record<string, unknown>;
  result: ParityResult;
}

export const torchFixturePath = (name: string) => `${TORCH_FIXTURE_DIR}/${name}.json`;
