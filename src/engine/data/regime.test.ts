import { describe, expect, it } from 'vitest';
import { applyDataRegime, noisyTraining } from './regime';
import { syntheticDataset } from './synthetic';

const dataset = syntheticDataset({ trainCount: 400, testCount: 40 });

describe('applyDataRegime', () => {
  it('leaves the dataset as it is without a regime', () => {
    expect(applyDataRegime(dataset, {}, 1)).toBe(dataset);
    expect(noisyTraining(dataset)).toBeUndefined();
  });

  it('adds noise to the subset, so the flipped indices point into the subset', () => {
    const regime = { subset: 100, labelNoise: { kind: 'symmetric' as const, rate: 0.4 } };
    const result = applyDataRegime(dataset, regime, 1);
    const noisy = noisyTraining(result);
    expect(result.train.count).toBe(100);
    expect(noisy?.trueLabels.length).toBe(100);
    for (const i of noisy?.flipped ?? []) expect(result.train.labels[i]).not.toBe(noisy?.trueLabels[i]);
  });

  it('gives the same examples and labels for the same seed', () => {
    const regime = { subset: 100, labelNoise: { kind: 'pair' as const, rate: 0.2 } };
    expect(applyDataRegime(dataset, regime, 3)).toEqual(applyDataRegime(dataset, regime, 3));
    expect(applyDataRegime(dataset, regime, 4).train.labels).not.toEqual(
      applyDataRegime(dataset, regime, 3).train.labels,
    );
  });
});
