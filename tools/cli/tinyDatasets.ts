/**
 * Tiny seeded datasets in the formats one drops on the page (CIFAR-10 binary batches, a CSV), written to
 * a new temporary folder, for the PyTorch export's checks against the engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCifar10Batch } from '../../src/engine/data/cifar10';
import { createRng } from '../../src/engine/random';

/** data_batch_1.bin and data_batch_2.bin (`train` images each) and test_batch.bin of seeded noise. */
export function tinyCifar10Dir(train: number, test: number, seed = 5): string {
  const dir = mkdtempSync(join(tmpdir(), 'torch-cifar-'));
  const rng = createRng(seed);
  const split = (count: number) => ({
    images: Uint8Array.from({ length: count * 3072 }, () => Math.floor(rng() * 256)),
    labels: Uint8Array.from({ length: count }, () => Math.floor(rng() * 10)),
    count,
  });
  for (const name of ['data_batch_1.bin', 'data_batch_2.bin'])
    writeFileSync(join(dir, name), encodeCifar10Batch(split(train)));
  writeFileSync(join(dir, 'test_batch.bin'), encodeCifar10Batch(split(test)));
  return dir;
}

/** `name` in a new folder: a header, `rows` rows of 3 features (short decimals) and a label of 3 classes. */
export function tinyCsvDir(name: string, rows: number, seed = 9): string {
  const dir = mkdtempSync(join(tmpdir(), 'torch-csv-'));
  const rng = createRng(seed);
  const lines = ['x,y,z,label'];
  for (let row = 0; row < rows; row++) {
    const label = row % 3;
    const features = [0, 1, 2].map((f) => (label * (f + 1) + 2 * rng() - 1).toFixed(3));
    lines.push([...features, label].join(','));
  }
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return dir;
}
