/**
 * Data loading cost per dataset: wall time of loading and validating it (gunzip, parse, checks; toy
 * sets generated) and the bytes its arrays hold, in Node. The user's formats are measured on generated
 * files: CIFAR-10 binary (one 10,000-image data batch and a 10,000-image test batch, 61 MB on disk),
 * IDX (60,000 + 10,000 images of 28×28, uncompressed, 55 MB) and a CSV (10,000 rows of 2 features).
 *   npx tsx tools/bench/dataLoad.ts
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SHIPPED_DATASETS, TOY_DATASETS } from '../../src/config/datasets';
import { encodeCifar10Batch } from '../../src/engine/data/cifar10';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { encodeIdx } from '../../src/engine/data/idx';
import { loadDataset } from '../common/nodeData';

const bytesOf = (d: ImageDataset) =>
  d.train.images.byteLength + d.train.labels.byteLength + d.test.images.byteLength + d.test.labels.byteLength;

/** Wall time, this process's CPU time (the fairer figure on a busy machine) and the arrays' size. */
async function measure(name: string, load: () => Promise<ImageDataset>): Promise<void> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const dataset = await load();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const mb = bytesOf(dataset) / 2 ** 20;
  console.log(
    `| ${name} | ${dataset.train.count} / ${dataset.test.count} | ${ms.toFixed(0)} | ${cpuMs.toFixed(0)} | ${mb.toFixed(1)} |`,
  );
}

async function cifarFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'cifar-bench-'));
  const count = 10_000;
  const images = noiseBytes(count * 3072);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const batch = encodeCifar10Batch({ images, labels, count });
  await writeFile(join(folder, 'data_batch_1.bin'), batch);
  await writeFile(join(folder, 'test_batch.bin'), batch);
  return folder;
}

/** Pseudo-random bytes (Knuth's multiplicative hash): incompressible enough to be a fair load. */
const noiseBytes = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 2654435761) >>> 24);

async function idxFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'idx-bench-'));
  for (const [prefix, count] of [
    ['train', 60_000],
    ['t10k', 10_000],
  ] as const) {
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
    await writeFile(
      join(folder, `${prefix}-images-idx3-ubyte`),
      encodeIdx([count, 28, 28], noiseBytes(count * 784)),
    );
    await writeFile(join(folder, `${prefix}-labels-idx1-ubyte`), encodeIdx([count], labels));
  }
  return folder;
}

async function csvFile(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'csv-bench-')), 'points.csv');
  const rows = Array.from({ length: 10_000 }, (_, i) => `${(i % 97) / 10},${(i % 89) / 10},${i % 3}`);
  await writeFile(path, `x,y,label\n${rows.join('\n')}\n`);
  return path;
}

console.log('| dataset | train / test | load ms | CPU ms | arrays MB |\n|---|---|---|---|---|');
for (const name of [...SHIPPED_DATASETS, ...TOY_DATASETS])
  await measure(name, () => loadDataset({ dataset: name, dataDir: 'public/data', seed: 1 }));
const folder = await cifarFolder();
await measure('cifar10 (1 data batch + test batch)', () =>
  loadDataset({ dataset: 'cifar10:bench', datasetPath: folder, dataDir: 'public/data' }),
);
const idx = await idxFolder();
await measure('idx (60,000 + 10,000 of 28×28)', () =>
  loadDataset({ dataset: 'idx:bench', datasetPath: idx, dataDir: 'public/data' }),
);
const csv = await csvFile();
await measure('csv (10,000 rows, 2 features)', () =>
  loadDataset({ dataset: 'csv:bench', datasetPath: csv, dataDir: 'public/data' }),
);
// The generated files (about 120 MB) are not left behind.
for (const path of [folder, idx, dirname(csv)]) await rm(path, { recursive: true });
