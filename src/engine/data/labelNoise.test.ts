import { describe, expect, it } from 'vitest';
import { corruptLabels, withLabelNoise } from './labelNoise';
import { syntheticDataset } from './synthetic';

const N = 20000;
const K = 10;
const clean = Uint8Array.from({ length: N }, (_, i) => i % K);
const changed = (a: Uint8Array, b: Uint8Array) => a.filter((label, i) => label !== b[i]).length;

describe('corruptLabels', () => {
  it('realises the symmetric rate within three standard errors', () => {
    const { labels } = corruptLabels(clean, K, { kind: 'symmetric', rate: 0.4 }, 1);
    // Binomial(20000, 0.4): standard error sqrt(0.4·0.6/20000) ≈ 0.0035.
    expect(Math.abs(changed(labels, clean) / N - 0.4)).toBeLessThan(3 * 0.0035);
  });

  it('spreads symmetric noise over all the other classes', () => {
    const { labels, flipped } = corruptLabels(clean, K, { kind: 'symmetric', rate: 0.4 }, 2);
    const targets = new Array(K).fill(0);
    for (const i of flipped) if (clean[i] === 0) targets[labels[i] as number]++;
    // About 800 flipped zeros, ~89 per other class; never class 0 itself.
    expect(targets[0]).toBe(0);
    for (let k = 1; k < K; k++) expect(targets[k]).toBeGreaterThan(50);
  });

  it('flips class c to c+1 mod K with pair noise', () => {
    const { labels, flipped } = corruptLabels(clean, K, { kind: 'pair', rate: 0.2 }, 3);
    for (const i of flipped) expect(labels[i]).toBe(((clean[i] as number) + 1) % K);
    expect(Math.abs(flipped.length / N - 0.2)).toBeLessThan(3 * 0.0029);
  });

  it('lists exactly the changed examples and keeps the true labels', () => {
    const { labels, trueLabels, flipped } = corruptLabels(clean, K, { kind: 'symmetric', rate: 0.3 }, 4);
    expect(trueLabels).toEqual(clean);
    expect(flipped.length).toBe(changed(labels, clean));
    for (const i of flipped) expect(labels[i]).not.toBe(clean[i]);
  });

  it('is identical for the same seed and differs for another', () => {
    const a = corruptLabels(clean, K, { kind: 'symmetric', rate: 0.4 }, 5);
    expect(corruptLabels(clean, K, { kind: 'symmetric', rate: 0.4 }, 5)).toEqual(a);
    expect(corruptLabels(clean, K, { kind: 'symmetric', rate: 0.4 }, 6).labels).not.toEqual(a.labels);
  });

  it('refuses a rate outside [0, 1)', () => {
    expect(() => corruptLabels(clean, K, { kind: 'pair', rate: 1 }, 1)).toThrow(
      'label noise rate must be in [0, 1), got 1',
    );
  });
});

describe('withLabelNoise', () => {
  it('changes the training labels only', () => {
    const dataset = syntheticDataset({ trainCount: 200, testCount: 20 });
    const noisy = withLabelNoise(dataset, { kind: 'symmetric', rate: 0.5 }, 1);
    expect(noisy.train.trueLabels).toEqual(dataset.train.labels);
    expect(noisy.train.labels).not.toEqual(dataset.train.labels);
    expect(noisy.train.images).toBe(dataset.train.images);
    expect(noisy.test).toBe(dataset.test);
  });
});
