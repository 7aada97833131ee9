/**
 * TensorFlow Playground's 2-D toy sets (spiral, circles, XOR, Gaussian blobs) plus two moons, drawn
 * from a seed, inside the square [-6, 6]² that the decision-boundary view shows. `noise` in [0, 1]
 * blurs the classes: 0 gives clean sets, 1 heavy overlap. Points alternate classes (point i has class
 * i mod K), so the first n of a split are balanced.
 */
import type { ToyDatasetName } from '../../config/datasets';
import { createRng, deriveSeed } from '../random';
import type { ImageDataset, ImageSplit } from './dataset';
import { valueStatistics } from './statistics';

export { TOY_DATASETS as TOY_NAMES } from '../../config/datasets';
export type ToyName = ToyDatasetName;

/** Half the side of the square all toy points (before noise) lie in. */
export const TOY_EXTENT = 6;

export interface ToyOptions {
  readonly trainCount: number;
  readonly testCount: number;
  /** 0 (clean) … 1 (heavily overlapping). */
  readonly noise: number;
  readonly seed: number;
}

type Rng = () => number;
type Point = [number, number];

interface Generator {
  readonly classNames: readonly string[];
  /** A point of class `label` (the i-th of that class among `perClass`). */
  point(label: number, i: number, perClass: number, noise: number, rng: Rng): Point;
}

const uniform = (rng: Rng, half: number) => (2 * rng() - 1) * half;
/** Box–Muller. */
const gaussian = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

const GENERATORS: Record<ToyName, Generator> = {
  // Two interleaved arms, as TF Playground: radius grows to 5 over 1.75 turns.
  spiral: {
    classNames: ['arm A', 'arm B'],
    point: (label, i, perClass, noise, rng) => {
      const r = (5 * i) / perClass;
      const t = (1.75 * 2 * Math.PI * i) / perClass + label * Math.PI;
      return [r * Math.sin(t) + uniform(rng, noise), r * Math.cos(t) + uniform(rng, noise)];
    },
  },
  // sklearn's make_moons, scaled by 3 and centred.
  moons: {
    classNames: ['upper moon', 'lower moon'],
    point: (label, _i, _perClass, noise, rng) => {
      const t = Math.PI * rng();
      const [x, y] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      return [3 * (x - 0.5) + 1.5 * noise * gaussian(rng), 3 * (y - 0.25) + 1.5 * noise * gaussian(rng)];
    },
  },
  // A disc of radius 2.5 inside a ring from 3.5 to 5, as TF Playground.
  circles: {
    classNames: ['ring', 'disc'],
    point: (label, _i, _perClass, noise, rng) => {
      const r = label === 1 ? 2.5 * rng() : 3.5 + 1.5 * rng();
      const angle = 2 * Math.PI * rng();
      return [r * Math.sin(angle) + uniform(rng, 5 * noise), r * Math.cos(angle) + uniform(rng, 5 * noise)];
    },
  },
  // Quadrants: class 1 where x·y > 0. A 0.3 margin keeps clean points off the axes.
  xor: {
    classNames: ['x·y < 0', 'x·y > 0'],
    point: (label, _i, _perClass, noise, rng) => {
      const x = (0.3 + 4.7 * rng()) * (rng() < 0.5 ? -1 : 1);
      const y = (0.3 + 4.7 * rng()) * Math.sign(x) * (label === 1 ? 1 : -1);
      return [x + uniform(rng, 5 * noise), y + uniform(rng, 5 * noise)];
    },
  },
  // Three Gaussian blobs on a circle of radius 3.
  blobs: {
    classNames: ['blob A', 'blob B', 'blob C'],
    point: (label, _i, _perClass, noise, rng) => {
      const angle = (2 * Math.PI * label) / 3 + Math.PI / 2;
      const spread = 0.5 + 2 * noise;
      return [3 * Math.cos(angle) + spread * gaussian(rng), 3 * Math.sin(angle) + spread * gaussian(rng)];
    },
  },
};

/** `count` points of one toy set from `seed`, as row-major N×2 floats and labels. */
export function generateToy(name: ToyName, count: number, noise: number, seed: number): ImageSplit {
  if (!(noise >= 0 && noise <= 1)) throw new Error(`toy noise must be in [0, 1], got ${noise}`);
  const generator = GENERATORS[name];
  const k = generator.classNames.length;
  const perClass = Math.ceil(count / k);
  const rng = createRng(seed);
  const images = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % k;
    const [x, y] = generator.point(label, Math.floor(n / k), perClass, noise, rng);
    images[2 * n] = x;
    images[2 * n + 1] = y;
    labels[n] = label;
  }
  return { images, labels, count };
}

/** A toy dataset; train and test are independent draws from streams derived from `seed`. */
export function toyDataset(name: ToyName, options: ToyOptions): ImageDataset {
  const { trainCount, testCount, noise, seed } = options;
  const train = generateToy(name, trainCount, noise, deriveSeed(seed, 0));
  const test = generateToy(name, testCount, noise, deriveSeed(seed, 1));
  const { classNames } = GENERATORS[name];
  return {
    name,
    imageShape: [1, 1, 2],
    numClasses: classNames.length,
    classNames,
    ...valueStatistics(train.images),
    train,
    test,
  };
}
