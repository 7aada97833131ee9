/**
 * A class-balanced training subset ("1,000 examples"): classes take turns, in a seeded order, each
 * giving its next example from its own seeded permutation, so class counts differ by at most one
 * while every class has examples left. The same seed gives the same subset for every run.
 */
import { deriveSeed, seededPermutation } from '../random';
import { type ImageDataset, type ImageSplit, rowOf } from './dataset';

/** Indices (ascending) of `size` examples chosen class-balanced from `labels`. */
export function balancedSubset(
  labels: Uint8Array,
  numClasses: number,
  size: number,
  seed: number,
): Uint32Array {
  if (!Number.isInteger(size) || size < 1 || size > labels.length) {
    throw new Error(`subset size must be a whole number from 1 to ${labels.length}, got ${size}`);
  }
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (const example of seededPermutation(labels.length, deriveSeed(seed, 0)))
    byClass[labels[example] as number]?.push(example);
  const classOrder = seededPermutation(numClasses, deriveSeed(seed, 1));
  const chosen: number[] = [];
  for (let round = 0; chosen.length < size; round++) {
    for (const k of classOrder) {
      const example = byClass[k]?.[round];
      if (example !== undefined && chosen.length < size) chosen.push(example);
    }
  }
  return Uint32Array.from(chosen).sort();
}

/**
 * The examples of `split` at `indices`, in that order: a view of the same store (row numbers and
 * labels are new, the pixels are not copied), so every seed's subset shares its dataset's images.
 */
export function selectExamples(split: ImageSplit, indices: ArrayLike<number>): ImageSplit {
  const rows = Uint32Array.from(indices, (example) => rowOf(split, example));
  const labels = Uint8Array.from(indices, (example) => split.labels[example] as number);
  return { images: split.images, rows, labels, count: indices.length };
}

/** The dataset with a balanced training subset of `size` examples; the test split is unchanged. */
export function withTrainingSubset(dataset: ImageDataset, size: number, seed: number): ImageDataset {
  const indices = balancedSubset(dataset.train.labels, dataset.numClasses, size, seed);
  return { ...dataset, train: selectExamples(dataset.train, indices) };
}
