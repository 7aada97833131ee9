/**
 * The user's dataset files, kept in IndexedDB under their dataset name (`cifar10:label` …) so a
 * reload trains on them without asking again. The page stores what was dropped; the worker reads
 * and parses it (a large CIFAR-10 parse never blocks the page).
 */
import { del, get, keys, set } from 'idb-keyval';
import type { UserFormat } from '../config/datasets';
import type { NamedFile } from '../engine/data/parsed';

const PREFIX = 'user-dataset:';

interface StoredDataset {
  readonly files: NamedFile[];
  readonly savedAt: number;
}

export async function saveUserDataset(name: string, files: readonly NamedFile[]): Promise<void> {
  await set(PREFIX + name, { files: [...files], savedAt: Date.now() } satisfies StoredDataset);
}

/** By key only: the page asks before every set-up, and reading the value would copy every file. */
export async function hasUserDataset(name: string): Promise<boolean> {
  return (await keys()).includes(PREFIX + name);
}

export async function deleteUserDataset(name: string): Promise<void> {
  await del(PREFIX + name);
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
