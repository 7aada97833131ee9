/**
 * Output shapes and parameter counts of a layer stack, in plain arithmetic: the layer editor and the
 * URL codec check a model without building it in TensorFlow.js (which the page never loads).
 * Mirrors `engine/model/build.ts`: trainable weights only (BatchNorm's moving statistics excluded),
 * tfjs shape rules ('same' → ⌈n/s⌉, 'valid' → ⌈(n-k+1)/s⌉, pooling with stride = pool size).
 */
import type { LayerSpec } from './model';

/** Fashion-MNIST images: 28×28 pixels, one channel; ten classes. */
export const IMAGE_SHAPE = [28, 28, 1] as const;
export const NUM_CLASSES = 10;

export interface LayerReport {
  /** Output shape, [H, W, C] or [units]. */
  readonly shape: readonly number[];
  readonly params: number;
  /** What is wrong with this layer, if anything (the shapes after it are then unknown). */
  readonly problem?: string;
}

export interface ModelReport {
  readonly layers: LayerReport[];
  readonly paramCount: number;
  /** The first problem, prefixed with its layer number; undefined when the model is valid. */
  readonly problem?: string;
}

type Shape = readonly number[];
type Step = { shape: Shape; params: number } | { problem: string };

const convOut = (size: number, kernel: number, stride: number, padding: 'same' | 'valid') =>
  padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - kernel + 1) / stride);

/** conv3×3 without bias plus BatchNorm (γ, β), as inside a residual block. */
const convBn = (inChannels: number, filters: number, kernel: number) =>
  kernel * kernel * inChannels * filters + 2 * filters;

function spatial(shape: Shape, type: string): [number, number, number] | string {
  if (shape.length !== 3)
    return `${type} needs an image input (H×W×C), got a flat vector: remove the flatten before it`;
  return shape as [number, number, number];
}

function layerStep(spec: LayerSpec, shape: Shape): Step {
  switch (spec.type) {
    case 'conv2d': {
      const image = spatial(shape, 'conv2d');
      if (typeof image === 'string') return { problem: image };
      const [h, w, c] = image;
      const out = [h, w].map((n) => convOut(n, spec.kernelSize, spec.strides, spec.padding));
      if (out.some((n) => n < 1))
        return {
          problem: `a ${spec.kernelSize}×${spec.kernelSize} 'valid' kernel does not fit a ${h}×${w} input`,
        };
      const params = spec.kernelSize * spec.kernelSize * c * spec.filters + spec.filters;
      return { shape: [out[0] as number, out[1] as number, spec.filters], params };
    }
    case 'maxPool2d': {
      const image = spatial(shape, 'maxPool2d');
      if (typeof image === 'string') return { problem: image };
      const [h, w, c] = image;
      if (h < spec.poolSize || w < spec.poolSize)
        return { problem: `a ${spec.poolSize}×${spec.poolSize} pool does not fit a ${h}×${w} input` };
      return { shape: [Math.floor(h / spec.poolSize), Math.floor(w / spec.poolSize), c], params: 0 };
    }
    case 'batchNorm':
      return { shape, params: 2 * (shape[shape.length - 1] as number) };
    case 'activation':
    case 'dropout':
      return { shape, params: 0 };
    case 'globalAvgPool': {
      const image = spatial(shape, 'globalAvgPool');
      return typeof image === 'string' ? { problem: image } : { shape: [image[2]], params: 0 };
    }
    case 'residual': {
      const image = spatial(shape, 'residual');
      if (typeof image === 'string') return { problem: image };
      const [h, w, c] = image;
      const { filters, strides } = spec;
      const needsProjection = strides !== 1 || c !== filters;
      const params =
        convBn(c, filters, 3) + convBn(filters, filters, 3) + (needsProjection ? convBn(c, filters, 1) : 0);
      return { shape: [Math.ceil(h / strides), Math.ceil(w / strides), filters], params };
    }
    case 'flatten':
      return { shape: [shape.reduce((a, b) => a * b, 1)], params: 0 };
    case 'dense': {
      if (shape.length !== 1)
        return { problem: 'dense needs a flat input: add flatten (or globalAvgPool) before it' };
      return { shape: [spec.units], params: (shape[0] as number) * spec.units + spec.units };
    }
  }
}

/** Shapes, parameter count and the first problem of `layers` on the data (Fashion-MNIST's by default). */
export function describeModel(
  layers: readonly LayerSpec[],
  data: { imageShape: readonly number[]; numClasses: number } = {
    imageShape: IMAGE_SHAPE,
    numClasses: NUM_CLASSES,
  },
): ModelReport {
  const reports: LayerReport[] = [];
  let shape: Shape = data.imageShape;
  let problem: string | undefined;
  layers.forEach((spec, index) => {
    if (problem) {
      reports.push({ shape: [], params: 0 });
      return;
    }
    const step = layerStep(spec, shape);
    if ('problem' in step) {
      problem = `layer ${index + 1} (${spec.type}): ${step.problem}`;
      reports.push({ shape: [], params: 0, problem: step.problem });
      return;
    }
    shape = step.shape;
    reports.push(step);
  });
  const last = layers[layers.length - 1];
  if (!problem && (last?.type !== 'dense' || last.units !== data.numClasses))
    problem = `the last layer must be dense with ${data.numClasses} units (one logit per class)`;
  const paramCount = reports.reduce((sum, r) => sum + r.params, 0);
  return { layers: reports, paramCount, ...(problem ? { problem } : {}) };
}
