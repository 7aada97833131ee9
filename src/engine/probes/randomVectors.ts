/**
 * Seeded random vectors over all parameters, drawn on the host from the project's PRNG so that every
 * run, backend and rerun gets bit-identical directions (tfjs's seeded ops differ between backends).
 */
import * as tf from '@tensorflow/tfjs';
import { globalNorm, NORM_EPS } from '../../methods/common/gradients';
import { createRng } from '../random';

type Shapes = readonly (readonly number[])[];

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Standard normal draws by Box–Muller (both outputs used). */
export function gaussianArray(count: number, rng: () => number): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - rng()));
    const angle = 2 * Math.PI * rng();
    values[i] = radius * Math.cos(angle);
    if (i + 1 < count) values[i + 1] = radius * Math.sin(angle);
  }
  return values;
}

/** ±1 with equal probability. */
export function rademacherArray(count: number, rng: () => number): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = rng() < 0.5 ? -1 : 1;
  return values;
}

function tensorsFrom(shapes: Shapes, draw: (count: number, rng: () => number) => Float32Array, seed: number) {
  const rng = createRng(seed);
  return shapes.map((shape) => tf.tensor(draw(sizeOf(shape), rng), [...shape]));
}

export const gaussianTensors = (shapes: Shapes, seed: number): tf.Tensor[] =>
  tensorsFrom(shapes, gaussianArray, seed);

export const rademacherTensors = (shapes: Shapes, seed: number): tf.Tensor[] =>
  tensorsFrom(shapes, rademacherArray, seed);

/** v/‖v‖ over all tensors together. */
export function unitNormalised(v: readonly tf.Tensor[]): tf.Tensor[] {
  return tf.tidy(() => {
    const scale = tf.div(1, globalNorm(v).add(NORM_EPS));
    return v.map((t) => t.mul(scale));
  });
}
