import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { hutchinsonTrace, powerIteration } from './hessian';
import { finiteDifferenceHvp } from './hvp';
import { gaussianTensors } from './randomVectors';
import { drain, matrixWithSpectrum, quadraticGradient, quadraticHvp } from './testQuadratic';

// Five parameters split over a 2×2 and a 1-element tensor, as a model's kernel and bias would be.
// At w = 0, w ± hv is exact in float32, so these tests see the estimators, not the HVP's rounding
// (hvp.test.ts measures that against double backprop).
const SHAPES = [[2, 2], [1]];
const weightsAt = () => [tf.zeros([2, 2]), tf.zeros([1])];

describe('power iteration on Hessian-vector products', () => {
  it('finds the largest eigenvalue of a quadratic with a known spectrum', async () => {
    // Spectrum {5, 2, 1, −0.5, 0.1}: the error shrinks like (2/5)^k, below float32 resolution by k = 30.
    const matrix = matrixWithSpectrum([5, 2, 1, -0.5, 0.1], [1, -2, 0.5, 3, 1]);
    const weights = weightsAt();
    const start = gaussianTensors(SHAPES, 7);
    const result = await drain(powerIteration(quadraticHvp(matrix, SHAPES, weights), start, 30));
    expect(result.perIteration).toHaveLength(30);
    expect(result.lambdaMax).toBeCloseTo(5, 3);
    tf.dispose([...weights, ...start]);
  });

  it('reports λ after every iteration, converging from below for a positive definite Hessian', async () => {
    // Rayleigh quotients of a positive definite A never exceed λ_max and approach it.
    const matrix = matrixWithSpectrum([4, 3, 1, 0.5, 0.2], [2, 1, -1, 0.5, 1]);
    const weights = weightsAt();
    const start = gaussianTensors(SHAPES, 3);
    const { perIteration } = await drain(powerIteration(quadraticHvp(matrix, SHAPES, weights), start, 12));
    for (const lambda of perIteration) expect(lambda).toBeLessThan(4 + 1e-3);
    expect(perIteration[11] as number).toBeGreaterThan(perIteration[0] as number);
    tf.dispose([...weights, ...start]);
  });

  it('leaves no tensors behind', async () => {
    const matrix = matrixWithSpectrum([2, 1, 1, 1, 1], [1, 1, 1, 1, 1]);
    const weights = weightsAt();
    const start = gaussianTensors(SHAPES, 1);
    const before = tf.memory().numTensors;
    const operator = finiteDifferenceHvp(quadraticGradient(matrix, SHAPES), weights);
    await drain(powerIteration(operator.hvp, start, 3));
    operator.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...weights, ...start]);
  });
});

describe('Hutchinson trace estimator', () => {
  it('is exact with zero standard error on a diagonal Hessian (z_i² = 1 for Rademacher z)', async () => {
    const diagonal = [3, -1, 0.5, 2, 7];
    const matrix = diagonal.map((d, i) => diagonal.map((_, j) => (i === j ? d : 0)));
    const weights = weightsAt();
    const estimate = await drain(hutchinsonTrace(quadraticHvp(matrix, SHAPES, weights), SHAPES, 6, 11));
    expect(estimate.mean).toBeCloseTo(11.5, 3);
    expect(estimate.standardError).toBeCloseTo(0, 3);
    tf.dispose(weights);
  });

  it('scatters around the trace of a non-diagonal Hessian, with a standard error that covers it', async () => {
    // zᵀAz = tr A + 2·Σ_{i<j} A_ij z_i z_j: unbiased, with variance from the off-diagonal entries.
    const matrix = matrixWithSpectrum([4, 3, 1, 0.5, 0.2], [2, 1, -1, 0.5, 1]);
    const weights = weightsAt();
    const estimate = await drain(hutchinsonTrace(quadraticHvp(matrix, SHAPES, weights), SHAPES, 40, 5));
    expect(estimate.standardError as number).toBeGreaterThan(0);
    expect(Math.abs(estimate.mean - 8.7)).toBeLessThan(4 * (estimate.standardError as number));
    tf.dispose(weights);
  });

  it('draws the same probe vectors for the same seed, so every run is measured alike', async () => {
    const matrix = matrixWithSpectrum([4, 3, 1, 0.5, 0.2], [2, 1, -1, 0.5, 1]);
    const weights = weightsAt();
    const first = await drain(hutchinsonTrace(quadraticHvp(matrix, SHAPES, weights), SHAPES, 5, 9));
    const second = await drain(hutchinsonTrace(quadraticHvp(matrix, SHAPES, weights), SHAPES, 5, 9));
    const other = await drain(hutchinsonTrace(quadraticHvp(matrix, SHAPES, weights), SHAPES, 5, 10));
    expect(second.samples).toEqual(first.samples);
    expect(other.samples).not.toEqual(first.samples);
    tf.dispose(weights);
  });
});
