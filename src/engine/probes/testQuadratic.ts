/**
 * Test support: a quadratic L(w) = ½·wᵀAw over parameters split into several tensors, with a known
 * symmetric A, so its Hessian is A everywhere and the exact eigenvalues and trace are known.
 */
import * as tf from '@tensorflow/tfjs';
import type { HvpOperator } from './hessian';
import { finiteDifferenceHvp, type GradientAt } from './hvp';
import type { ProbeTask } from './types';

/** A = Q·diag(eigenvalues)·Qᵀ with Q the Householder reflection I − 2uuᵀ/‖u‖² (orthogonal, symmetric). */
export function matrixWithSpectrum(eigenvalues: readonly number[], u: readonly number[]): number[][] {
  const n = eigenvalues.length;
  const uu = u.reduce((s, x) => s + x * x, 0);
  const q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * (u[i] as number) * (u[j] as number)) / uu;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      eigenvalues.reduce((s, lambda, k) => s + q(i, k) * lambda * q(j, k), 0),
    ),
  );
}

/** ∇L(w) = A·w with w spread over tensors of `shapes` (sizes summing to A's order). */
export function quadraticGradient(matrix: readonly number[][], shapes: readonly number[][]): GradientAt {
  return (weights) =>
    tf.tidy(() => {
      const flat = tf.concat(weights.map((w) => w.reshape([-1]))).reshape([-1, 1]);
      const product = tf.matMul(tf.tensor2d(matrix as number[][]), flat).reshape([-1]);
      const sizes = shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
      return tf.split(product, sizes).map((part, i) => part.reshape(shapes[i] as number[]));
    });
}

/** The finite-difference HVP of the quadratic at `weights` (its cached ∇L(w) is left to the test's end). */
export function quadraticHvp(
  matrix: readonly number[][],
  shapes: readonly number[][],
  weights: readonly tf.Tensor[],
): HvpOperator {
  return finiteDifferenceHvp(quadraticGradient(matrix, shapes), weights).hvp;
}

/** Runs a probe (or any pausable work) to its end and returns its result. */
export async function drain<R>(task: ProbeTask<R> | Generator<unknown, R, void>): Promise<R> {
  for (;;) {
    const next = await task.next();
    if (next.done) return next.value;
  }
}
