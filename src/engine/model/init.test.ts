import { describe, expect, it } from 'vitest';
import { buildModel } from './build';
import { initialWeights } from './init';

describe('initialWeights', () => {
  it('draws kernel and bias from U(-1/√fan_in, 1/√fan_in) with fan_in = kh·kw·in for a conv', () => {
    // 3×3 conv over 4 channels: fan_in 36, bound 1/6. The bias takes its kernel's fan-in.
    const model = buildModel(
      [
        { type: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
        { type: 'flatten' },
        { type: 'dense', units: 2, activation: 'linear' },
      ],
      [5, 5, 4],
      2,
    );
    const [kernel, bias, denseKernel] = initialWeights(model, 9) as Float32Array[];
    const maxAbs = (a: Float32Array | undefined) => Math.max(...[...(a ?? [])].map(Math.abs));
    expect(maxAbs(kernel)).toBeLessThanOrEqual(1 / 6);
    expect(maxAbs(kernel)).toBeGreaterThan(0.9 / 6); // 288 draws fill the range
    expect(maxAbs(bias)).toBeLessThanOrEqual(1 / 6);
    // Dense fan_in = 5·5·8 = 200 → bound 1/√200 ≈ .0707.
    expect(maxAbs(denseKernel)).toBeLessThanOrEqual(1 / Math.sqrt(200));
    model.dispose();
  });

  it('gives the same weights for the same seed and different ones for another seed', () => {
    const model = buildModel(
      [{ type: 'flatten' }, { type: 'dense', units: 3, activation: 'linear' }],
      [2, 2, 1],
      3,
    );
    expect(initialWeights(model, 4)).toEqual(initialWeights(model, 4));
    expect(initialWeights(model, 4)[0]).not.toEqual(initialWeights(model, 5)[0]);
    model.dispose();
  });
});
