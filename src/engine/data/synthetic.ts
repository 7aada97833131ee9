/**
 * A small seeded image dataset whose classes are separable (each class brightens its own band of
 * rows), for tests and offline demos: training on it must lower the loss within a few steps.
 */
import { createRng } from '../random';
import type { ImageDataset, ImageSplit } from './dataset';

export interface SyntheticOptions {
  readonly trainCount: number;
  readonly testCount: number;
  readonly imageShape?: readonly [number, number, number];
  readonly numClasses?: number;
  readonly seed?: number;
}

export function syntheticDataset(options: SyntheticOptions): ImageDataset {
  const { trainCount, testCount, imageShape = [8, 8, 1], numClasses = 4, seed = 7 } = options;
  const rng = createRng(seed);
  const split = (count: number): ImageSplit => {
    const [h, w, c] = imageShape;
    const images = new Uint8Array(count * h * w * c);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const label = Math.floor(rng() * numClasses);
      labels[i] = label;
      for (let p = 0; p < h * w * c; p++) {
        const row = Math.floor(p / (w * c));
        const inBand = Math.floor((row * numClasses) / h) === label;
        images[i * h * w * c + p] = Math.min(255, Math.floor(rng() * 96 + (inBand ? 140 : 0)));
      }
    }
    return { images, labels, count };
  };
  return {
    name: 'synthetic',
    imageShape,
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, k) => `class ${k}`),
    mean: 0.35,
    std: 0.3,
    train: split(trainCount),
    test: split(testCount),
  };
}
