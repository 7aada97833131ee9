/**
 * Autosaved sessions in IndexedDB (through idb-keyval): a small `meta` record per session, listed
 * without loading its data; a `data` record with the config, events, every streamed metric and
 * evaluation, and the key of the checkpoint the worker wrote for them (see savedCheckpoints).
 * Structured clone keeps typed arrays and NaN as they are.
 */
import { delMany, get, getMany, keys, setMany } from 'idb-keyval';
import type { StepMetricName } from '../../config/metrics';
import type { ExperimentConfig } from '../../config/schema';
import type { SessionEvent } from '../../config/stream';
import type { Checkpoint } from '../../worker/protocol';
import { sessionDatabase as db, deleteCheckpointsOf, readCheckpoint } from '../../worker/savedCheckpoints';
import type { RunSeries } from '../store';

export interface SavedMeta {
  readonly id: string;
  /** What the session compares, for "Resume <title> from step N". */
  readonly title: string;
  /** The step training continues from (the checkpoint's). */
  readonly step: number;
  readonly totalSteps: number;
  /** Epoch ms. */
  readonly savedAt: number;
  /** Approximate size of the saved data. */
  readonly bytes: number;
}

/**
 * A run's series as saved: columns as Float64Arrays, which structured clone copies in one block
 * (plain arrays of a long run cost the page tens of milliseconds per save).
 */
export interface SavedSeries extends Omit<RunSeries, 'steps' | 'values' | 'wallMs'> {
  readonly steps: Float64Array;
  readonly values: Partial<Record<StepMetricName, Float64Array>>;
  readonly wallMs: Float64Array;
}

export interface SavedData {
  readonly config: ExperimentConfig;
  readonly events: SessionEvent[];
  readonly runs: SavedSeries[];
  /** Where the worker wrote the checkpoint these series cover. */
  readonly checkpointKey: string;
}

/** A saved session as loaded for resuming; its checkpoint is missing if it could not be read. */
export interface LoadedSession extends Omit<SavedData, 'checkpointKey'> {
  readonly checkpointKey?: string;
  readonly checkpoint?: Checkpoint;
}

const mapColumns = <A, B>(values: Partial<Record<StepMetricName, A>>, change: (column: A) => B) =>
  Object.fromEntries(Object.entries(values).map(([name, column]) => [name, change(column as A)])) as Partial<
    Record<StepMetricName, B>
  >;

export const packSeries = (run: RunSeries): SavedSeries => ({
  ...run,
  steps: Float64Array.from(run.steps),
  values: mapColumns(run.values, (column) => Float64Array.from(column)),
  wallMs: Float64Array.from(run.wallMs),
});

export const unpackSeries = (run: SavedSeries): RunSeries => ({
  ...run,
  steps: Array.from(run.steps),
  values: mapColumns(run.values, (column) => Array.from(column)),
  wallMs: Array.from(run.wallMs),
});

export const sessionTitle = (config: ExperimentConfig) =>
  `${config.runs.map((run) => run.name).join(' vs ')} on ${config.dataset}`;

/** Bytes the page's part takes (8 per series value), plus the JSON of the rest; the checkpoint's are the worker's to say. */
export function seriesBytes(data: SavedData): number {
  const series = data.runs.reduce(
    (sum, run) =>
      sum + run.steps.length * 8 * (2 + Object.keys(run.values).length) + run.evaluations.length * 200,
    0,
  );
  return series + JSON.stringify([data.config, data.events]).length;
}

export async function saveSession(meta: SavedMeta, data: SavedData): Promise<void> {
  await setMany(
    [
      [`data:${meta.id}`, data],
      [`meta:${meta.id}`, meta],
    ],
    db(),
  );
}

/** Every saved session, newest first; reads only the small meta records (the data can be many MB each). */
export async function listSessions(): Promise<SavedMeta[]> {
  const metaKeys = (await keys<string>(db())).filter((key) => key.startsWith('meta:'));
  const metas = await getMany<SavedMeta>(metaKeys, db());
  return metas.filter((meta): meta is SavedMeta => meta !== undefined).sort((a, b) => b.savedAt - a.savedAt);
}

/**
 * A saved session and its checkpoint. Sessions saved before the worker wrote checkpoints itself hold
 * theirs inline, and still resume.
 */
export async function loadSession(id: string): Promise<LoadedSession | undefined> {
  const data = await get<SavedData & { checkpoint?: Checkpoint }>(`data:${id}`, db());
  if (!data) return undefined;
  const checkpoint =
    data.checkpoint ?? (data.checkpointKey ? await readCheckpoint(data.checkpointKey) : undefined);
  return { ...data, ...(checkpoint ? { checkpoint } : {}) };
}

export async function deleteSession(id: string): Promise<void> {
  await delMany([`meta:${id}`, `data:${id}`], db());
  await deleteCheckpointsOf(id);
}

/** What the browser says this origin may store and has stored, where it says. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | undefined> {
  const estimate = await navigator.storage?.estimate?.();
  if (!estimate?.quota) return undefined;
  return { usage: estimate.usage ?? 0, quota: estimate.quota };
}
