import { describe, expect, it } from 'vitest';
import { TOY_CLASS_COUNTS } from '../../config/datasets';
import type { ImageSplit } from './dataset';
import { generateToy, TOY_EXTENT, TOY_NAMES, toyDataset } from './toys';

/** Share of `test` points whose nearest `train` point has the same class. */
function nearestNeighbourAccuracy(train: ImageSplit, test: ImageSplit): number {
  let correct = 0;
  for (let t = 0; t < test.count; t++) {
    let best = Number.POSITIVE_INFINITY;
    let label = -1;
    for (let n = 0; n < train.count; n++) {
      const dx = (train.images[2 * n] as number) - (test.images[2 * t] as number);
      const dy = (train.images[2 * n + 1] as number) - (test.images[2 * t + 1] as number);
      if (dx * dx + dy * dy < best) [best, label] = [dx * dx + dy * dy, train.labels[n] as number];
    }
    if (label === test.labels[t]) correct++;
  }
  return correct / test.count;
}

describe.each(TOY_NAMES)('toy set %s', (name) => {
  it('is the same for the same seed and differs for another', () => {
    expect(generateToy(name, 50, 0.2, 3)).toEqual(generateToy(name, 50, 0.2, 3));
    expect(generateToy(name, 50, 0.2, 4).images).not.toEqual(generateToy(name, 50, 0.2, 3).images);
  });

  it('lies inside the view without noise, with balanced classes', () => {
    const dataset = toyDataset(name, { trainCount: 300, testCount: 30, noise: 0, seed: 1 });
    for (const value of dataset.train.images) expect(Math.abs(value)).toBeLessThanOrEqual(TOY_EXTENT);
    const counts = Array.from(
      { length: dataset.numClasses },
      (_, k) => dataset.train.labels.filter((l) => l === k).length,
    );
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('has the class count the config states for it', () => {
    expect(toyDataset(name, { trainCount: 3, testCount: 3, noise: 0, seed: 1 }).numClasses).toBe(
      TOY_CLASS_COUNTS[name],
    );
  });

  it('is learnable without noise and blurred by noise', () => {
    const clean = toyDataset(name, { trainCount: 400, testCount: 200, noise: 0, seed: 2 });
    const noisy = toyDataset(name, { trainCount: 400, testCount: 200, noise: 1, seed: 2 });
    const cleanAccuracy = nearestNeighbourAccuracy(clean.train, clean.test);
    expect(cleanAccuracy).toBeGreaterThan(0.95);
    expect(nearestNeighbourAccuracy(noisy.train, noisy.test)).toBeLessThan(cleanAccuracy);
  });
});

describe('toy geometry', () => {
  it('puts the circles disc inside radius 2.5 and the ring from 3.5 out', () => {
    const { images, labels, count } = generateToy('circles', 100, 0, 5);
    for (let n = 0; n < count; n++) {
      const r = Math.hypot(images[2 * n] as number, images[2 * n + 1] as number);
      if (labels[n] === 1) expect(r).toBeLessThanOrEqual(2.5);
      else expect(r).toBeGreaterThanOrEqual(3.5);
    }
  });

  it('labels xor points by the sign of x·y', () => {
    const { images, labels, count } = generateToy('xor', 100, 0, 5);
    for (let n = 0; n < count; n++) {
      expect((images[2 * n] as number) * (images[2 * n + 1] as number) > 0).toBe(labels[n] === 1);
    }
  });

  it('refuses noise outside [0, 1]', () => {
    expect(() => generateToy('spiral', 10, 1.5, 1)).toThrow('toy noise must be in [0, 1], got 1.5');
  });
});
