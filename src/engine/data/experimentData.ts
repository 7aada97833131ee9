/**
 * The experiment's data by name: a shipped IDX set, a toy set drawn from the seed, or the user's files
 * (from IndexedDB on the page, from disk on the CLI), then the regime (subset, label noise). Problems
 * with the data are thrown as one message naming the file and what is wrong.
 */
import { parseDatasetName, type UserFormat } from '../../config/datasets';
import type { ExperimentConfig } from '../../config/schema';
import { deriveSeed } from '../random';
import { loadCifar10 } from './cifar10';
import { featureTableDataset, parseFeatureCsv } from './csv';
import { FASHION_MNIST, type FileReader, type ImageDataset, loadIdxDataset, MNIST } from './dataset';
import { loadIdxFiles } from './idxFiles';
import type { NamedFile, Parsed } from './parsed';
import { DATA_STREAMS, type DataRegime } from './regime';
import { toyDataset } from './toys';

/** Toy sets: 1,000 training and 500 test points. */
export const TOY_TRAIN_COUNT = 1000;
export const TOY_TEST_COUNT = 500;

export interface DataSources {
  /** Reads a file of a shipped dataset by its path under public/data/. */
  readonly readShipped: FileReader;
  /** The user's files for `format:label`; throws when they are not there. */
  readonly userFiles: (format: UserFormat, label: string) => Promise<NamedFile[]>;
}

export type DataConfig = Pick<ExperimentConfig, 'dataset' | 'toyNoise' | 'subset' | 'labelNoise' | 'seed'>;

/** The dataset before the regime; depends on the seed only for toy sets. */
export async function loadBaseDataset(config: DataConfig, sources: DataSources): Promise<ImageDataset> {
  const ref = parseDatasetName(config.dataset);
  if ('problem' in ref) throw new Error(ref.problem);
  if (ref.kind === 'toy') {
    const seed = deriveSeed(config.seed, DATA_STREAMS.toys);
    const noise = config.toyNoise ?? 0;
    return toyDataset(ref.name, { trainCount: TOY_TRAIN_COUNT, testCount: TOY_TEST_COUNT, noise, seed });
  }
  if (ref.kind === 'shipped') {
    return unwrap(await loadIdxDataset(ref.name === 'mnist' ? MNIST : FASHION_MNIST, sources.readShipped));
  }
  const files = await sources.userFiles(ref.format, ref.label);
  return unwrap(parseUserFiles(ref.format, ref.label, files));
}

/** Parses the user's files in one of the supported formats. */
export function parseUserFiles(
  format: UserFormat,
  label: string,
  files: readonly NamedFile[],
): Parsed<ImageDataset> {
  if (format === 'cifar10') return withName(loadCifar10(files), `cifar10:${label}`);
  if (format === 'idx') return loadIdxFiles(files, `idx:${label}`);
  const [file, ...extra] = files;
  if (!file || extra.length > 0)
    return { ok: false, error: `csv:${label}: expects one CSV file, got ${files.length}` };
  const table = parseFeatureCsv(file.bytes, file.name);
  return table.ok ? featureTableDataset(table.value, `csv:${label}`) : table;
}

/** The key under which a base dataset can be reused: the same data whatever the regime. */
export function baseDatasetKey(config: DataConfig): string {
  const ref = parseDatasetName(config.dataset);
  const isToy = !('problem' in ref) && ref.kind === 'toy';
  return isToy ? `${config.dataset}|${config.toyNoise ?? 0}|${config.seed}` : config.dataset;
}

/** The config's subset and label noise, as a session option; nothing when the data is used as is. */
export function dataRegimeOf(config: DataConfig): { regime?: DataRegime } {
  const { subset, labelNoise } = config;
  if (!subset && !labelNoise) return {};
  return { regime: { ...(subset ? { subset } : {}), ...(labelNoise ? { labelNoise } : {}) } };
}

function withName(parsed: Parsed<ImageDataset>, name: string): Parsed<ImageDataset> {
  return parsed.ok ? { ok: true, value: { ...parsed.value, name } } : parsed;
}

function unwrap(parsed: Parsed<ImageDataset>): ImageDataset {
  if (!parsed.ok) throw new Error(`dataset is unusable: ${parsed.error}`);
  return parsed.value;
}
