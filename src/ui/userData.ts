/**
 * Dataset files dropped on the page: recognised by name (CIFAR-10 `.bin` batches, IDX files, one
 * CSV), kept in IndexedDB under a dataset name and selected; the worker parses and validates them and
 * names any problem. When the setup already names user files of the same format (a shared link from
 * another machine), the dropped files take that name, so the link's setup trains on them.
 */
import { parseDatasetName, type UserFormat } from '../config/datasets';
import { importSizeProblem } from '../config/importSize';
import type { ExperimentConfig } from '../config/schema';
import { hasUserDataset, saveUserDataset } from '../worker/userDatasets';
import { userDatasetOf } from './missingDataset';

const DEFAULT_LABELS: Record<UserFormat, string> = {
  cifar10: 'cifar-10-batches-bin',
  idx: 'idx-files',
  csv: 'table',
};

/** The format of a set of dropped files, or undefined when they are not dataset files (e.g. a bundle). */
export function formatOfFiles(names: readonly string[]): UserFormat | undefined {
  if (names.length === 0) return undefined;
  if (names.every((name) => name.endsWith('.bin'))) return 'cifar10';
  if (names.every((name) => /ubyte(\.gz)?$/.test(name))) return 'idx';
  if (names.length === 1 && /\.(csv|tsv)$/i.test(names[0] as string)) return 'csv';
  return undefined;
}

/** The dataset name dropped files of `format` get, given the setup in force. */
export function datasetNameFor(
  format: UserFormat,
  fileNames: readonly string[],
  config: ExperimentConfig,
): string {
  const current = parseDatasetName(config.dataset);
  if (!('problem' in current) && current.kind === 'user' && current.format === format) return config.dataset;
  const csvLabel = format === 'csv' ? (fileNames[0] ?? '').replace(/[^\w.\- ]/g, '_').slice(0, 60) : '';
  return `${format}:${csvLabel || DEFAULT_LABELS[format]}`;
}

/**
 * Stores dropped dataset files and returns the setup that trains on them; undefined if they are not
 * dataset files. A file over its format's size limit is refused (an Error naming it) before any is read.
 */
export async function importDatasetFiles(
  files: readonly File[],
  config: ExperimentConfig,
): Promise<ExperimentConfig | undefined> {
  const names = files.map((file) => file.name);
  const format = formatOfFiles(names);
  if (!format) return undefined;
  for (const file of files) {
    const tooLarge = importSizeProblem(format, file.size);
    if (tooLarge) throw new Error(`${file.name}: ${tooLarge}`);
  }
  const name = datasetNameFor(format, names, config);
  const stored = await Promise.all(
    files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  await saveUserDataset(name, stored);
  return { ...config, dataset: name };
}

/** Shipped and toy sets are always at hand; the user's own files when this browser keeps them. */
export async function datasetAtHand(name: string): Promise<boolean> {
  return userDatasetOf(name) === undefined || hasUserDataset(name);
}
