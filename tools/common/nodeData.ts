/** Datasets for the CLI: Fashion-MNIST from the IDX files the app ships, or the synthetic test set. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FASHION_MNIST, type ImageDataset, loadIdxDataset } from '../../src/engine/data/dataset';
import { syntheticDataset } from '../../src/engine/data/synthetic';

export async function loadDataset(
  name: 'fashion-mnist' | 'synthetic',
  dataDir: string,
): Promise<ImageDataset> {
  // Same shape and classes as Fashion-MNIST, so every model preset fits it.
  if (name === 'synthetic') {
    return syntheticDataset({ trainCount: 2048, testCount: 512, imageShape: [28, 28, 1], numClasses: 10 });
  }
  const read = async (fileName: string) => new Uint8Array(await readFile(join(dataDir, fileName)));
  const parsed = await loadIdxDataset(FASHION_MNIST, read);
  if (!parsed.ok) throw new Error(`${dataDir}: ${parsed.error}`);
  return parsed.value;
}
