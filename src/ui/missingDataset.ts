/**
 * What a link that names the user's own files needs on a machine that has never seen them: the files
 * a dataset of that format is made of, by name, and which of them a pick or drop still lacks. The
 * files are kept only in the browser that dropped them (IndexedDB), so another machine asks once.
 */
import { type DatasetRef, parseDatasetName, type UserFormat } from '../config/datasets';
import { CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILE } from '../engine/data/cifar10';
import { IDX_ROLE_PATTERNS } from '../engine/data/idxFiles';

export type UserDatasetRef = Extract<DatasetRef, { kind: 'user' }>;

/** One file (or family of files) a dataset needs: how it is shown, and which names fill it. */
export interface FileRequirement {
  readonly label: string;
  readonly matches: (fileName: string) => boolean;
}

const CSV_FILE = /\.(csv|tsv)$/i;

/** The user dataset a config's dataset name refers to, or undefined for shipped and toy sets. */
export function userDatasetOf(name: string): UserDatasetRef | undefined {
  const ref = parseDatasetName(name);
  return !('problem' in ref) && ref.kind === 'user' ? ref : undefined;
}

/** The files a dataset of `ref`'s format is made of, in the order the prompt lists them. */
export function requiredFiles(ref: UserDatasetRef): FileRequirement[] {
  const lower = (pattern: RegExp) => (name: string) => pattern.test(name.toLowerCase());
  switch (ref.format) {
    case 'cifar10':
      return [
        {
          label: 'data_batch_1.bin … data_batch_5.bin (the training batches; at least one)',
          matches: (name) => CIFAR10_TRAIN_FILE.test(name),
        },
        { label: CIFAR10_TEST_FILE, matches: (name) => name === CIFAR10_TEST_FILE },
      ];
    case 'idx':
      return [
        { label: 'train-images-idx3-ubyte', matches: lower(IDX_ROLE_PATTERNS.trainImages) },
        { label: 'train-labels-idx1-ubyte', matches: lower(IDX_ROLE_PATTERNS.trainLabels) },
        { label: 't10k-images-idx3-ubyte', matches: lower(IDX_ROLE_PATTERNS.testImages) },
        { label: 't10k-labels-idx1-ubyte', matches: lower(IDX_ROLE_PATTERNS.testLabels) },
      ];
    case 'csv':
      return [
        {
          label: `one CSV file (named “${ref.label}” where the link was made)`,
          matches: (n) => CSV_FILE.test(n),
        },
      ];
  }
}

/** A sentence under the list: what else the format accepts. */
export const FORMAT_NOTES: Record<UserFormat, string> = {
  cifar10:
    'The “binary version” of CIFAR-10 (cifar-10-binary.tar.gz, unpacked). Give the training batches the link used.',
  idx: 'Gzipped files (.gz) are fine; test-… may stand for t10k-….',
  csv: 'Numeric features and a label/class/target column (or the label last); any file name.',
};

/** The requirements no name in `fileNames` fills. */
export function missingFiles(ref: UserDatasetRef, fileNames: readonly string[]): FileRequirement[] {
  return requiredFiles(ref).filter((requirement) => !fileNames.some(requirement.matches));
}

/**
 * Dataset files given (dropped or picked) while the setup may wait for `waiting`'s files: those of its
 * format are gathered with the ones `picked` before until none is missing (the batches and the test
 * file may come in two goes); `complete` says when `files` should be kept. Files of another format, or
 * when nothing waits, are complete as they are (they become a dataset of their own).
 */
export function gatherFiles<T extends { readonly name: string }>(
  waiting: UserDatasetRef | undefined,
  format: UserFormat,
  picked: readonly T[],
  added: readonly T[],
): { complete: boolean; files: T[] } {
  if (!waiting || waiting.format !== format) return { complete: true, files: [...added] };
  const files = mergePicked(picked, added);
  return {
    complete:
      missingFiles(
        waiting,
        files.map((file) => file.name),
      ).length === 0,
    files,
  };
}

/** Files picked so far plus new ones; a file of the same name replaces the earlier one. */
export function mergePicked<T extends { readonly name: string }>(
  picked: readonly T[],
  added: readonly T[],
): T[] {
  const names = new Set(added.map((file) => file.name));
  return [...picked.filter((file) => !names.has(file.name)), ...added];
}
