/**
 * CIFAR-10's "binary version": each of data_batch_1.bin … data_batch_5.bin and test_batch.bin is a
 * run of 3,073-byte records, one label byte (0–9) then 3,072 pixel bytes in channel-major order
 * (1,024 red, 1,024 green, 1,024 blue, rows top to bottom). The app keeps images H×W×C, so records
 * are transposed once on load. The files have no header, so their size is the one structural check.
 */
import { importSizeProblem } from '../../config/importSize';
import type { ImageDataset, ImageSplit } from './dataset';
import { fileProblem as fail, type NamedFile, type Parsed } from './parsed';
import { valueStatistics } from './statistics';

const SIDE = 32;
const CHANNELS = 3;
const PIXELS = SIDE * SIDE * CHANNELS;
export const CIFAR10_RECORD_BYTES = 1 + PIXELS;
export const CIFAR10_CLASS_NAMES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

export const CIFAR10_TRAIN_FILE = /^data_batch_([1-9])\.bin$/;
export const CIFAR10_TEST_FILE = 'test_batch.bin';

/** Parses one batch file into H×W×C images, naming the first problem found. */
export function parseCifar10Batch(bytes: Uint8Array, fileName: string): Parsed<ImageSplit> {
  if (bytes.length === 0) return fail(fileName, 'file is empty');
  const tooLarge = importSizeProblem('cifar10', bytes.length);
  if (tooLarge) return fail(fileName, tooLarge);
  if (bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    const hint =
      bytes.length % (CIFAR10_RECORD_BYTES + 1) === 0
        ? 'records of 3,074 bytes are CIFAR-100 (two label bytes), which is not supported'
        : 'truncated or not the CIFAR-10 binary version';
    return fail(
      fileName,
      `${bytes.length} bytes is not a whole number of ${CIFAR10_RECORD_BYTES}-byte records (1 label + 3,072 pixels): ${hint}`,
    );
  }
  const count = bytes.length / CIFAR10_RECORD_BYTES;
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let record = 0; record < count; record++) {
    const start = record * CIFAR10_RECORD_BYTES;
    const label = bytes[start] as number;
    if (label >= CIFAR10_CLASS_NAMES.length) {
      return fail(fileName, `record ${record} has label ${label}; CIFAR-10 labels are 0–9`);
    }
    labels[record] = label;
    for (let c = 0; c < CHANNELS; c++) {
      const plane = start + 1 + c * SIDE * SIDE;
      for (let p = 0; p < SIDE * SIDE; p++)
        images[record * PIXELS + p * CHANNELS + c] = bytes[plane + p] as number;
    }
  }
  return { ok: true, value: { images, labels, count } };
}

/** Writes H×W×C images as one CIFAR-10 binary batch (for tests and generated example files). */
export function encodeCifar10Batch(split: ImageSplit): Uint8Array {
  const bytes = new Uint8Array(split.count * CIFAR10_RECORD_BYTES);
  for (let record = 0; record < split.count; record++) {
    const start = record * CIFAR10_RECORD_BYTES;
    bytes[start] = split.labels[record] as number;
    for (let c = 0; c < CHANNELS; c++) {
      for (let p = 0; p < SIDE * SIDE; p++) {
        bytes[start + 1 + c * SIDE * SIDE + p] = split.images[record * PIXELS + p * CHANNELS + c] as number;
      }
    }
  }
  return bytes;
}

/**
 * A dataset from dropped batch files: every data_batch_N.bin given (in N order) trains, test_batch.bin
 * tests. Normalised with the training pixels' statistics. Other names are refused, not ignored.
 */
export function loadCifar10(files: readonly NamedFile[]): Parsed<ImageDataset> {
  const unknown = files.find(
    (file) => !CIFAR10_TRAIN_FILE.test(file.name) && file.name !== CIFAR10_TEST_FILE,
  );
  if (unknown) {
    return fail(
      unknown.name,
      `not a CIFAR-10 batch name (expected data_batch_1.bin … data_batch_5.bin, ${CIFAR10_TEST_FILE})`,
    );
  }
  const trainFiles = files
    .filter((file) => CIFAR10_TRAIN_FILE.test(file.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  const testFile = files.find((file) => file.name === CIFAR10_TEST_FILE);
  if (trainFiles.length === 0) return { ok: false, error: 'CIFAR-10: no data_batch_N.bin among the files' };
  if (!testFile) return { ok: false, error: `CIFAR-10: ${CIFAR10_TEST_FILE} is missing` };
  const trainSplits: ImageSplit[] = [];
  for (const file of trainFiles) {
    const parsed = parseCifar10Batch(file.bytes, file.name);
    if (!parsed.ok) return parsed;
    trainSplits.push(parsed.value);
  }
  const test = parseCifar10Batch(testFile.bytes, testFile.name);
  if (!test.ok) return test;
  const train = concatSplits(trainSplits);
  const { mean, std } = valueStatistics(train.images);
  return {
    ok: true,
    value: {
      name: 'cifar10',
      imageShape: [SIDE, SIDE, CHANNELS],
      numClasses: CIFAR10_CLASS_NAMES.length,
      classNames: CIFAR10_CLASS_NAMES,
      mean,
      std,
      train,
      test: test.value,
    },
  };
}

function concatSplits(splits: readonly ImageSplit[]): ImageSplit {
  const count = splits.reduce((sum, split) => sum + split.count, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let offset = 0;
  for (const split of splits) {
    images.set(split.images, offset * PIXELS);
    labels.set(split.labels, offset);
    offset += split.count;
  }
  return { images, labels, count };
}
