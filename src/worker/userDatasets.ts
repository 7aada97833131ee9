/**
 * The user's dataset files, kept in IndexedDB under their dataset name (`cifar10:label` …) so a
 * reload trains on them without asking again. The page stores what was dropped; the worker reads
 * and parses it (a large CIFAR-10 parse never blocks the page). Beside the files, a small record of
 * their names, sizes and save time lets the page say which files are in use, and the worker notice
 * files saved again under a name it has loaded, without reading the files themselves.
 */
import { delMany, get, keys, setMany } from 'idb-keyval';
import type { UserFormat } from '../config/datasets';
import type { NamedFile } from '../engine/data/parsed';

const PREFIX = 'user-dataset:';
const FILES_PREFIX = 'user-dataset-files:';

interface StoredDataset {
  readonly files: NamedFile[];
  readonly savedAt: number;
}

/** What was stored under a dataset name: each file's name and size, and when. */
export interface StoredFiles {
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly savedAt: number;
}

export async function saveUserDataset(name: string, files: readonly NamedFile[]): Promise<void> {
  const savedAt = Date.now();
  const listing: StoredFiles = {
    files: files.map((f) => ({ name: f.name, bytes: f.bytes.length })),
    savedAt,
  };
  await setMany([
    [PREFIX + name, { files: [...files], savedAt } satisfies StoredDataset],
    [FILES_PREFIX + name, listing],
  ]);
}

/** By key only: the page asks before every set-up, and reading the value would copy every file. */
export async function hasUserDataset(name: string): Promise<boolean> {
  return (await keys()).includes(PREFIX + name);
}

export async function deleteUserDataset(name: string): Promise<void> {
  await delMany([PREFIX + name, FILES_PREFIX + name]);
}

/** The stored files' names and sizes; undefined when none are kept (or were kept before listings). */
export async function userDatasetFiles(name: string): Promise<StoredFiles | undefined> {
  return get<StoredFiles>(FILES_PREFIX + name);
}

/** Names of the stored datasets, for the dataset list. */
export async function userDatasetNames(): Promise<string[]> {
  return (await keys()).flatMap((key) =>
    typeof key === 'string' && key.startsWith(PREFIX) ? [key.slice(PREFIX.length)] : [],
  );
}

/** The stored files of `format:label`; throws a message that says what to do when they are missing. */
export async function readUserDataset(format: UserFormat, label: string): Promise<NamedFile[]> {
  const stored = await get<StoredDataset>(`${PREFIX}${format}:${label}`);
  if (!stored) {
    throw new Error(
      `the files of ${format}:${label} are not on this machine: drop them on the page (they are kept in this browser only)`,
    );
  }
  return stored.files;
}
