/**
 * Datasets for the CLI: the shipped IDX files, the 2-D toy sets, one's own files on disk (cifar10:DIR,
 * idx:DIR, csv:FILE) through the same loaders as the page, or the synthetic test set.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ExperimentConfig } from '../../src/config/schema';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { loadBaseDataset } from '../../src/engine/data/experimentData';
import type { NamedFile } from '../../src/engine/data/parsed';
import { syntheticDataset } from '../../src/engine/data/synthetic';

export interface NodeDataRequest {
  /** A config dataset name, or `synthetic`. */
  readonly dataset: string;
  readonly dataDir: string;
  /** Own files: the folder or the CSV file. */
  readonly datasetPath?: string;
  readonly toyNoise?: number;
  readonly seed?: number;
}

/** The dataset before its regime (sessionOptionsFor applies subset and label noise). */
export async function loadDataset(
  request: NodeDataRequest | string,
  dataDir?: string,
): Promise<ImageDataset> {
  const {
    dataset,
    dataDir: dir,
    datasetPath,
    toyNoise,
    seed = 1,
  } = typeof request === 'string' ? { dataset: request, dataDir: dataDir ?? 'public/data' } : request;
  // Same shape and classes as Fashion-MNIST, so every model preset fits it.
  if (dataset === 'synthetic') {
    return syntheticDataset({ trainCount: 2048, testCount: 512, imageShape: [28, 28, 1], numClasses: 10 });
  }
  const config: Pick<ExperimentConfig, 'dataset' | 'toyNoise' | 'seed'> = {
    dataset,
    seed,
    ...(toyNoise === undefined ? {} : { toyNoise }),
  };
  return loadBaseDataset(config, {
    readShipped: async (fileName) => new Uint8Array(await readFile(join(dir, fileName))),
    userFiles: () => readUserFiles(datasetPath ?? ''),
  });
}

/** Every file of a folder (or the one file) as named bytes; the format's loader refuses strangers. */
async function readUserFiles(path: string): Promise<NamedFile[]> {
  if (!(await stat(path)).isDirectory())
    return [{ name: basename(path), bytes: new Uint8Array(await readFile(path)) }];
  const names = (await readdir(path)).filter((name) => /\.bin$|ubyte(\.gz)?$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(path, name))) })),
  );
}
