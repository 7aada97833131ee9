import { describe, expect, it } from 'vitest';
import { readWeights, readWeightsSeed } from './exportWeights';

const file = (json: unknown) => () => JSON.stringify(json);

describe('readWeights', () => {
  it('reads a weights export whose values went through JSON as a Float32Array', () => {
    const exported = { tensors: [{ name: 'k', shape: [2], values: Float32Array.from([0.5, -1]) }] };
    expect(readWeights('w.json', file(exported))).toEqual([{ shape: [2], values: [0.5, -1] }]);
  });

  it('reads a parity case', () => {
    expect(readWeights('c.json', file({ params: [{ shape: [1, 2], values: [1, 2] }] }))).toEqual([
      { shape: [1, 2], values: [1, 2] },
    ]);
  });

  it('names the file and the tensor whose size does not fit its shape', () => {
    expect(() => readWeights('w.json', file({ params: [{ shape: [3], values: [1, 2] }] }))).toThrow(
      '--weights: w.json: tensors[0] has 2 values for shape [3]',
    );
  });

  it('says what it needs when the file holds no tensors, or no JSON', () => {
    expect(() => readWeights('w.json', file({ runs: [] }))).toThrow('needs "tensors" or "params"');
    expect(() => readWeights('w.json', () => 'not json')).toThrow('--weights: w.json:');
  });
});

describe('readWeightsSeed', () => {
  it('reads the seed a page weights export trained with, and nothing from a parity case', () => {
    expect(readWeightsSeed('w.json', file({ runId: 'sam', replica: 1, seed: 5, tensors: [] }))).toBe(5);
    expect(readWeightsSeed('c.json', file({ params: [] }))).toBeUndefined();
  });
});
