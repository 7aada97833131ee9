/**
 * Label noise (ALGORITHMS.md, "Data regimes"): each training label independently, with probability
 * `rate`, becomes a wrong class: uniformly one of the other K−1 (symmetric) or c → (c+1) mod K
 * (pair-flip). Drawn from a seed, so every run of a comparison trains on the same noisy labels; the
 * true labels are kept for the memorisation metrics.
 */
import type { LabelNoiseConfig } from '../../config/datasets';
import { createRng } from '../random';
import type { ImageDataset, ImageSplit } from './dataset';

/** `rate`: the probability that a label is replaced, [0, 1). */
export type LabelNoise = LabelNoiseConfig;

export interface NoisyLabels {
  /** The labels training sees. */
  readonly labels: Uint8Array;
  readonly trueLabels: Uint8Array;
  /** Indices (ascending) of the examples whose label was changed. */
  readonly flipped: Uint32Array;
}

/** A training split whose labels may be noisy, with what is needed to measure memorisation. */
export interface NoisyTrainingSplit extends ImageSplit {
  readonly trueLabels: Uint8Array;
  readonly flipped: Uint32Array;
}

export function corruptLabels(
  trueLabels: Uint8Array,
  numClasses: number,
  noise: LabelNoise,
  seed: number,
): NoisyLabels {
  if (!(noise.rate >= 0 && noise.rate < 1))
    throw new Error(`label noise rate must be in [0, 1), got ${noise.rate}`);
  if (numClasses < 2) throw new Error(`label noise needs at least 2 classes, got ${numClasses}`);
  const rng = createRng(seed);
  const labels = Uint8Array.from(trueLabels);
  const flipped: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    // Two draws per example whatever happens, so example i's fate does not depend on earlier ones.
    const [flipDraw, classDraw] = [rng(), rng()];
    if (flipDraw >= noise.rate) continue;
    const label = trueLabels[i] as number;
    // Symmetric: a uniform offset 1..K−1 lands on each other class with probability 1/(K−1).
    const offset = noise.kind === 'pair' ? 1 : 1 + Math.floor(classDraw * (numClasses - 1));
    labels[i] = (label + offset) % numClasses;
    flipped.push(i);
  }
  return { labels, trueLabels, flipped: Uint32Array.from(flipped) };
}

/** The dataset with noisy training labels; the test split keeps its true labels. */
export function withLabelNoise(
  dataset: ImageDataset,
  noise: LabelNoise,
  seed: number,
): ImageDataset & { train: NoisyTrainingSplit } {
  const { labels, trueLabels, flipped } = corruptLabels(
    dataset.train.labels,
    dataset.numClasses,
    noise,
    seed,
  );
  return { ...dataset, train: { ...dataset.train, labels, trueLabels, flipped } };
}
