/**
 * Autosave: while training, the page asks the worker every few seconds to write its latest checkpoint
 * into IndexedDB (see savedCheckpoints), then writes the config, the events and every streamed metric
 * with that checkpoint's key; also on pause, at the end, and when the page is hidden (then with the
 * checkpoint written last, so the write starts before the page may go away). A failed write (the
 * storage quota is full) is said once; training is never affected.
 */
import { type CheckpointReply, deleteCheckpoint, type SavedCheckpoint } from '../../worker/savedCheckpoints';
import type { WorkerLink } from '../sessionLink';
import type { AppState, Store } from '../store';
import type { PersistenceState } from './persistenceState';
import {
  listSessions,
  packSeries,
  type SavedData,
  saveSession,
  seriesBytes,
  sessionTitle,
  storageEstimate,
} from './savedSessions';

export const AUTOSAVE_INTERVAL_MS = 3000;

/** `QuotaExceededError` alone where the browser gives no message (Chromium's quota errors have none). */
const messageOf = (error: unknown) =>
  error instanceof Error ? (error.message ? `${error.name}: ${error.message}` : error.name) : String(error);
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

const savedData = (state: AppState, checkpointKey: string): SavedData => ({
  config: state.config,
  events: state.events,
  runs: [...state.runs.values()].map(packSeries),
  checkpointKey,
});

export class Autosaver {
  private recordId?: string;
  private generation = -1;
  /** The checkpoint the worker wrote last for this record. */
  private checkpoint?: { recordId: string; value: SavedCheckpoint };
  /** The checkpoint the saved data points at (deleted once the data points at a newer one). */
  private savedKey?: string;
  private writing = false;

  constructor(
    private readonly app: Store<AppState>,
    private readonly persistence: Store<PersistenceState>,
    private readonly link: () => WorkerLink | undefined,
  ) {}

  /** Starts saving; returns the function that stops it. */
  start(intervalMs = AUTOSAVE_INTERVAL_MS): () => void {
    const timer = setInterval(() => {
      if (this.app.get().status === 'training') void this.save(true);
    }, intervalMs);
    let status = this.app.get().status;
    const unsubscribe = this.app.subscribe(() => {
      const next = this.app.get().status;
      if (next === status) return;
      status = next;
      if (next === 'paused' || next === 'done') void this.save(true);
    });
    const onHidden = () => {
      if (document.visibilityState === 'hidden') void this.save(false);
    };
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      clearInterval(timer);
      unsubscribe();
      document.removeEventListener('visibilitychange', onHidden);
    };
  }

  /** Saves into record `id` from now on (a resumed session keeps its record, and its checkpoint until a newer one). */
  adopt(id: string, generation: number, checkpointKey?: string): void {
    this.recordId = id;
    this.generation = generation;
    this.savedKey = checkpointKey;
  }

  /** The record session `generation` is saved in: a new one for each new session. */
  private recordFor(generation: number): string {
    if (generation !== this.generation || !this.recordId) {
      this.generation = generation;
      this.recordId = `${Date.now()}`;
      this.savedKey = undefined;
    }
    return this.recordId;
  }

  /**
   * Deletes the checkpoint written last for this record if no saved data points at it: it would only
   * take room. Only once the record is done with (reset, or autosave stopped by a failure): the worker
   * answers the same checkpoint asked for again with the key it wrote it under.
   */
  private async dropUnsaved(): Promise<void> {
    const written = this.checkpoint;
    if (!written || written.recordId !== this.recordId || written.value.key === this.savedKey) return;
    this.checkpoint = undefined;
    await deleteCheckpoint(written.value.key).catch(() => undefined);
  }

  /** Writes the session; `fresh` has the worker write its newest checkpoint first. */
  async save(fresh: boolean): Promise<void> {
    if (this.writing || this.persistence.get().error) return;
    this.writing = true;
    let bytes = 0;
    try {
      const id = this.recordFor(this.app.get().generation);
      if (fresh) {
        // A worker that cannot answer has stopped (crashed), which is reported as such: no new save.
        const reply = (await this.link()
          ?.request({ type: 'saveCheckpoint', recordId: id })
          .catch(() => undefined)) as CheckpointReply | undefined;
        if (reply && 'failure' in reply) {
          bytes = reply.bytes + seriesBytes(savedData(this.app.get(), ''));
          throw Object.assign(new Error(reply.failure.message), { name: reply.failure.name });
        }
        if (reply) this.checkpoint = { recordId: id, value: reply };
      }
      const state = this.app.get();
      // A checkpoint of an earlier session (reset since) must not be saved with this one's series.
      const checkpoint = this.checkpoint?.recordId === id ? this.checkpoint.value : undefined;
      // Reset meanwhile: this record is done with, and what the worker just wrote for it is not needed.
      if (state.generation !== this.generation) return await this.dropUnsaved();
      if (!checkpoint || state.runs.size === 0) return;
      const data = savedData(state, checkpoint.key);
      bytes = seriesBytes(data) + checkpoint.bytes;
      const meta = {
        id,
        title: sessionTitle(state.config),
        step: checkpoint.step,
        totalSteps: state.config.steps,
        savedAt: Date.now(),
        bytes,
      };
      await saveSession(meta, data);
      const replaced = this.savedKey;
      this.savedKey = checkpoint.key;
      if (replaced && replaced !== checkpoint.key) await deleteCheckpoint(replaced);
      const [saved, quota] = await Promise.all([listSessions(), storageEstimate()]);
      this.persistence.update((s) => ({
        ...s,
        saved,
        quota,
        lastSave: { id, step: meta.step, savedAt: meta.savedAt },
      }));
    } catch (error) {
      await this.dropUnsaved();
      // The page's own write throws a DOMException; the worker's failure comes back as its name and message.
      const quotaFull = (error as { name?: string }).name === 'QuotaExceededError';
      const why = quotaFull
        ? `the browser's storage for this site is full (this session needs about ${megabytes(bytes)})`
        : 'it could not be written';
      this.persistence.update((s) => ({
        ...s,
        error: `Autosave stopped: ${why} (${messageOf(error)}). Training continues; delete saved sessions below to make room.`,
      }));
    } finally {
      this.writing = false;
    }
  }
}
