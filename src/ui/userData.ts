/**
 * Dataset files dropped on the page: recognised by name (CIFAR-10 `.bin` batches, IDX files, one
 * CSV), kept in IndexedDB under a dataset name and selected; the worker parses and validates them and
 * names any problem. Dropped files never take the name of a dataset in use: the setup's name would
 * not change, so the page would not set up again and the old data would go on training. The one
 * exception is a shared link from another machine that waits for its files: they take its name.
 */
import type { UserFormat } from '../config/datasets';
import { importSizeProblem } from '../config/importSize';
import type { ExperimentConfig } from '../config/schema';
import { deleteUserDataset, hasUserDataset, type StoredFiles, saveUserDataset } from '../worker/userDatasets';
import { userDatasetOf } from './missingDataset';
import type { AppState, Store } from './store';

const DEFAULT_LABELS: Record<UserFormat, string> = {
  cifar10: 'cifar-10-batches-bin',
  idx: 'idx-files',
  csv: 'table',
};

/** Dataset labels are at most 60 characters; a numbered name needs room for its `-N`. */
const MAX_BASE_LABEL = 56;

/** The format of a set of dropped files, or undefined when they are not dataset files (e.g. a bundle). */
export function formatOfFiles(names: readonly string[]): UserFormat | undefined {
  if (names.length === 0) return undefined;
  if (names.every((name) => name.endsWith('.bin'))) return 'cifar10';
  if (names.every((name) => /ubyte(\.gz)?$/.test(name))) return 'idx';
  if (names.length === 1 && /\.(csv|tsv)$/i.test(names[0] as string)) return 'csv';
  return undefined;
}

/** Where dropped files land: the setup in force, its draft while runs train, and a link's awaited dataset. */
export interface DropContext {
  readonly config: ExperimentConfig;
  /** The next experiment's setup, held while runs train (its dataset is in use too). */
  readonly draft?: ExperimentConfig;
  /** The user dataset the setup waits for (a link from another machine), if any. */
  readonly waiting?: string;
  /** Runs train (or pause) on the setup's data: its files must stay until a new experiment starts. */
  readonly live: boolean;
}

export interface DatasetDrop {
  /** The dataset name the files are kept under and the setup switches to. */
  readonly name: string;
  /** The dataset these files replace (same format and label, now out of use): delete it from the browser. */
  readonly replaces?: string;
  /** The dataset runs still train on that these files replace: delete it once the new experiment starts. */
  readonly replacesOnceApplied?: string;
}

/**
 * The name dropped files of `format` get: the awaited link's name when they are its files, else the
 * format's label (a CSV's file name), numbered `-2`, `-3`… past the names the setup and draft use.
 */
export function planDatasetDrop(
  format: UserFormat,
  fileNames: readonly string[],
  { config, draft, waiting, live }: DropContext,
): DatasetDrop {
  if (waiting && userDatasetOf(waiting)?.format === format) return { name: waiting };
  const csvLabel = format === 'csv' ? (fileNames[0] ?? '').replace(/[^\w.\- ]/g, '_') : '';
  const base = `${format}:${(csvLabel || DEFAULT_LABELS[format]).slice(0, MAX_BASE_LABEL)}`;
  const inUse = new Set([config.dataset, draft?.dataset]);
  let name = base;
  for (let n = 2; inUse.has(name); n++) name = `${base}-${n}`;
  // The files shown in the Dataset field (the draft's while runs train) are what the drop replaces;
  // those runs still train on go once the new experiment starts.
  const family = (dataset: string) =>
    dataset === base || new RegExp(`^${escapeRegExp(base)}-\\d+$`).test(dataset);
  const shown = (draft ?? config).dataset;
  const training = live && family(config.dataset) ? { replacesOnceApplied: config.dataset } : {};
  const replaced = family(shown) && !(live && shown === config.dataset) ? { replaces: shown } : {};
  return { name, ...replaced, ...training };
}

/**
 * Stores dropped dataset files and returns the setup that trains on them with what they replace;
 * undefined if they are not dataset files. A file over its format's size limit is refused (an Error
 * naming it) before any is read.
 */
export async function importDatasetFiles(
  files: readonly File[],
  context: DropContext,
): Promise<(Omit<DatasetDrop, 'name'> & { config: ExperimentConfig }) | undefined> {
  const names = files.map((file) => file.name);
  const format = formatOfFiles(names);
  if (!format) return undefined;
  for (const file of files) {
    const tooLarge = importSizeProblem(format, file.size);
    if (tooLarge) throw new Error(`${file.name}: ${tooLarge}`);
  }
  const { name, ...replacing } = planDatasetDrop(format, names, context);
  const stored = await Promise.all(
    files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  await saveUserDataset(name, stored);
  return { config: { ...(context.draft ?? context.config), dataset: name }, ...replacing };
}

/** Frees the browser's copy of files a drop replaced; a failure costs only space, so it is not raised. */
export async function forgetReplacedDataset(name: string | undefined): Promise<void> {
  if (name) await deleteUserDataset(name).catch(() => undefined);
}

/**
 * Forgets `replaced` once the setup trains on `replacement` (the draft applied); gives up when the
 * draft no longer names it (discarded, or replaced by a later drop that takes the watch over).
 */
export function forgetOnceApplied(
  store: Store<AppState>,
  replaced: string,
  replacement: string,
  forget: (name: string) => Promise<void> = forgetReplacedDataset,
): void {
  const unsubscribe = store.subscribe(() => {
    const { config, draft } = store.get();
    if (config.dataset === replacement) void forget(replaced);
    if (config.dataset === replacement || draft?.dataset !== replacement) unsubscribe();
  });
}

/** Shipped and toy sets are always at hand; the user's own files when this browser keeps them. */
export async function datasetAtHand(name: string): Promise<boolean> {
  return userDatasetOf(name) === undefined || hasUserDataset(name);
}

/** "a (1.2 kB), b (3.4 MB)": the files kept under a dataset name, as the Dataset field lists them. */
export function describeStoredFiles({ files }: StoredFiles): string {
  const size = (bytes: number) =>
    bytes < 2 ** 20 ? `${(bytes / 2 ** 10).toFixed(1)} kB` : `${(bytes / 2 ** 20).toFixed(1)} MB`;
  return files.map((file) => `${file.name} (${size(file.bytes)})`).join(', ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
