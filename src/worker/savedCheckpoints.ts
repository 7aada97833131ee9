/**
 * The worker writes its checkpoints into the saved sessions' IndexedDB store itself. Sent to the
 * page, a checkpoint (weights and optimizer state of every replica: megabytes with 32 of them) was
 * cloned twice on the page's main thread per autosave, on arrival and into IndexedDB: a 50 ms long
 * task every few seconds. The page now saves its series with the key of the checkpoint they go with.
 */
import { createStore, del, delMany, get, keys, set, type UseStore } from 'idb-keyval';
import type { Checkpoint } from './protocol';

let database: UseStore | undefined;
/** The saved sessions' store, opened the same way by the page and the worker. */
export function sessionDatabase(): UseStore {
  database ??= createStore('sam-playground', 'sessions');
  return database;
}

/** Where a checkpoint was written, for the page's saved session to point at. */
export interface SavedCheckpoint {
  readonly key: string;
  readonly step: number;
  readonly bytes: number;
}

/** The reply to `saveCheckpoint`: where it went, or why it could not be written (and its size). */
export type CheckpointReply =
  | SavedCheckpoint
  | { readonly step: number; readonly bytes: number; readonly failure: { name: string; message: string } };

export type CheckpointWrite = (key: string, checkpoint: Checkpoint) => Promise<void>;

export const writeCheckpointToStore: CheckpointWrite = (key, checkpoint) =>
  set(key, checkpoint, sessionDatabase());

export const readCheckpoint = (key: string) => get<Checkpoint>(key, sessionDatabase());

export const deleteCheckpoint = (key: string) => del(key, sessionDatabase());

const prefixOf = (recordId: string) => `checkpoint:${recordId}:`;

/** Every checkpoint of saved session `recordId` (the one its data points at and any left over). */
export async function deleteCheckpointsOf(recordId: string): Promise<void> {
  const prefix = prefixOf(recordId);
  const all = await keys<string>(sessionDatabase());
  await delMany(
    all.filter((key) => typeof key === 'string' && key.startsWith(prefix)),
    sessionDatabase(),
  );
}

/** Bytes of the numbers a checkpoint holds: each run's state and the frozen weights of a robust evaluation in progress. */
export function checkpointBytes(checkpoint: Checkpoint): number {
  const { runs, robust } = checkpoint.snapshot;
  return [...runs.map((run) => run.values), ...(robust?.job.targets ?? []).map((t) => t.state)]
    .flat()
    .reduce((bytes, values) => bytes + values.byteLength, 0);
}

/**
 * Writes checkpoints for the page, each under a key of its own (the one a saved session points at is
 * never overwritten, so a save cut short leaves the previous pair whole), and the same checkpoint
 * asked for again is not written again.
 */
export class CheckpointSaver {
  private last?: { recordId: string; snapshot: Checkpoint['snapshot']; saved: SavedCheckpoint };
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly write: CheckpointWrite = writeCheckpointToStore) {}

  /**
   * Resolves once no write is in flight. The training loop waits for it before a step: IndexedDB
   * finishes a write over several turns of the worker's event loop, and a loop that yields once per
   * tick of 32 replicas (3 s) stretched a write of milliseconds to half a minute.
   */
  async settled(): Promise<void> {
    await this.writing;
  }

  async save(recordId: string, checkpoint: Checkpoint): Promise<CheckpointReply> {
    const { last } = this;
    if (last?.recordId === recordId && last.snapshot === checkpoint.snapshot) return last.saved;
    const saved = {
      // The time keeps keys apart across workers (a restarted worker saves into the same session).
      key: `${prefixOf(recordId)}${checkpoint.step}:${Date.now().toString(36)}`,
      step: checkpoint.step,
      bytes: checkpointBytes(checkpoint),
    };
    const write = this.write(saved.key, checkpoint);
    this.writing = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      // A DOMException (QuotaExceededError …) has both; the page words the message.
      const { name = 'Error', message = String(error) } = error as { name?: string; message?: string };
      return { step: saved.step, bytes: saved.bytes, failure: { name, message } };
    }
    this.last = { recordId, snapshot: checkpoint.snapshot, saved };
    return saved;
  }
}
