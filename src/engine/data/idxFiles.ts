/**
 * A dataset from dropped IDX files (the MNIST family: train-images-idx3-ubyte[.gz],
 * train-labels-idx1-ubyte[.gz], t10k-… or test-…). The image size comes from the header and the
 * classes from the training labels (0 … max); test labels must be classes the training set has.
 */
import { type ImageDataset, idxSplit } from './dataset';
import { type IdxArray, parseIdxFile } from './idx';
import type { NamedFile, Parsed } from './parsed';
import { valueStatistics } from './statistics';

export type IdxRole = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';
type Named = IdxArray & { name: string };

export const IDX_ROLE_PATTERNS: Record<IdxRole, RegExp> = {
  trainImages: /train[-_.]images/,
  trainLabels: /train[-_.]labels/,
  testImages: /(t10k|test)[-_.]images/,
  testLabels: /(t10k|test)[-_.]labels/,
};
const RANKS: Record<IdxRole, number> = { trainImages: 3, trainLabels: 1, testImages: 3, testLabels: 1 };

export function loadIdxFiles(files: readonly NamedFile[], name = 'idx'): Parsed<ImageDataset> {
  const parsed: Partial<Record<IdxRole, Named>> = {};
  for (const file of files) {
    const role = (Object.keys(IDX_ROLE_PATTERNS) as IdxRole[]).find((r) =>
      IDX_ROLE_PATTERNS[r].test(file.name.toLowerCase()),
    );
    if (!role) {
      return {
        ok: false,
        error: `${file.name}: not an IDX file name (train-images…, train-labels…, t10k-images…, t10k-labels…)`,
      };
    }
    const array = parseIdxFile(file.bytes, RANKS[role], file.name);
    if (!array.ok) return array;
    parsed[role] = { ...array.value, name: file.name };
  }
  const { trainImages, trainLabels, testImages, testLabels } = parsed;
  if (!trainImages || !trainLabels || !testImages || !testLabels) {
    const missing = (Object.keys(IDX_ROLE_PATTERNS) as IdxRole[]).filter((role) => !parsed[role]);
    return {
      ok: false,
      error: `IDX: missing ${missing.join(', ')} (four files: train and t10k images and labels)`,
    };
  }
  const [, height = 0, width = 0] = trainImages.shape;
  const numClasses = trainLabels.data.reduce((max, label) => Math.max(max, label), 0) + 1;
  if (numClasses < 2)
    return { ok: false, error: `${trainLabels.name}: every label is 0; a classification needs two classes` };
  const spec = { imageShape: [height, width, 1] as const, numClasses };
  const train = idxSplit(spec, trainImages, trainLabels);
  if (!train.ok) return train;
  const test = idxSplit(spec, testImages, testLabels);
  if (!test.ok) return test;
  const { mean, std } = valueStatistics(train.value.images);
  return {
    ok: true,
    value: {
      name,
      imageShape: [height, width, 1],
      numClasses,
      classNames: Array.from({ length: numClasses }, (_, k) => `${k}`),
      mean,
      std,
      train: train.value,
      test: test.value,
    },
  };
}
