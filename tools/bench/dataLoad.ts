/**
 * Data loading cost per dataset: wall time of loading and validating it (gunzip, parse, checks; toy
 * sets generated) and the bytes its arrays hold, in Node. CIFAR-10 is measured on generated batches of
 * the official format (one 10,000-image data batch and a 10,000-image test batch, 61 MB on disk).
 *   npx tsx tools/bench/dataLoad.ts
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_DATASETS, TOY_DATASETS } from '../../src/config/datasets';
import { encodeCifar10Batch } from '../../src/engine/data/cifar10';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { loadDataset } from '../common/nodeData';

const bytesOf = (d: ImageDataset) =>
  d.train.images.byteLength + d.train.labels.byteLength + d.test.images.byteLength + d.test.labels.byteLength;

async function measure(name: string, load: () => Promise<ImageDataset>): Promise<void> {
  const started = performance.now();
  const dataset = await load();
  const ms = performance.now() - started;
  const mb = bytesOf(dataset) / 2 ** 20;
  console.log(
    `| ${name} | ${dataset.train.count} / ${dataset.test.count} | ${ms.toFixed(0)} | ${mb.toFixed(1)} |`,
  );
}

async function cifarFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'cifar-bench-'));
  const count = 10_000;
  const images = Uint8Array.from({ length: count * 3072 }, (_, i) => (i * 2654435761) >>> 24);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const batch = encodeCifar10Batch({ images, labels, count });
  await writeFile(join(folder, 'data_batch_1.bin'), batch);
  await writeFile(join(folder, 'test_batch.bin'), batch);
  return folder;
}

console.log('| dataset | train / test | load ms | arrays MB |\n|---|---|---|---|');
for (const name of [...SHIPPED_DATASETS, ...TOY_DATASETS])
  await measure(name, () => loadDataset({ dataset: name, dataDir: 'public/data', seed: 1 }));
const folder = await cifarFolder();
await measure('cifar10 (1 data batch + test batch)', () =>
  loadDataset({ dataset: 'cifar10:bench', datasetPath: folder, dataDir: 'public/data' }),
);
