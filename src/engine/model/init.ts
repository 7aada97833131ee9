/**
 * Seeded initial weights, so every run of a comparison (and every rerun of a shared link) starts
 * from the same point. PyTorch's defaults, so curves compare with the reference code: kernels and
 * biases ~ U(-1/√fan_in, 1/√fan_in) (kaiming_uniform with a=√5), BatchNorm γ=1, β=0. A bias takes the
 * fan-in of the kernel before it (params are in layer order, kernel then bias).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, uniformArray } from '../random';
import type { TrainableModel } from './build';

export function initialWeights(model: TrainableModel, seed: number): Float32Array[] {
  const rng = createRng(seed);
  let fanIn = 1;
  return model.params.map((param) => {
    const kind = weightKind(param);
    if (kind === 'kernel') fanIn = param.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    if (kind === 'gamma') return new Float32Array(param.size).fill(1);
    if (kind === 'beta') return new Float32Array(param.size);
    const bound = 1 / Math.sqrt(fanIn);
    return uniformArray(param.size, -bound, bound, rng);
  });
}

/** Writes host values into the model's trainable variables (layer order). */
export function assignParams(model: TrainableModel, values: readonly Float32Array[]): void {
  if (values.length !== model.params.length) {
    throw new Error(`expected ${model.params.length} parameter tensors, got ${values.length}`);
  }
  model.params.forEach((param, i) => {
    const value = values[i] as Float32Array;
    if (value.length !== param.size) {
      throw new Error(`parameter ${i} (${param.name}) needs ${param.size} values, got ${value.length}`);
    }
    tf.tidy(() => param.assign(tf.tensor(value, param.shape, 'float32')));
  });
}

/** Every trainable weight tfjs layers create here is one of these; anything else is a bug to surface, not to guess. */
export function weightKind(param: tf.Variable): 'kernel' | 'bias' | 'gamma' | 'beta' {
  const leaf = param.name.split('/').pop() ?? '';
  for (const kind of ['kernel', 'bias', 'gamma', 'beta'] as const) {
    if (leaf.startsWith(kind)) return kind;
  }
  throw new Error(`no initialiser for weight ${param.name}`);
}
