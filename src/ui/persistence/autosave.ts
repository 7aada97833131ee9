/**
 * Autosave: while training, the page asks the worker for its latest checkpoint every few seconds and
 * writes it to IndexedDB with the config, the events and every streamed metric; also on pause, at the
 * end, and when the page is hidden (then with the checkpoint it already holds, so the write starts
 * before the page may go away). A failed write (the storage quota is full) is said once; training is
 * never affected.
 */
import type { Checkpoint } from '../../worker/protocol';
import type { WorkerLink } from '../sessionLink';
import type { AppState, Store } from '../store';
import type { PersistenceState } from './persistenceState';
import {
  approximateBytes,
  listSessions,
  packSeries,
  type SavedData,
  saveSession,
  sessionTitle,
  storageEstimate,
} from './savedSessions';

export const AUTOSAVE_INTERVAL_MS = 3000;

/** `QuotaExceededError` alone where the browser gives no message (Chromium's quota errors have none). */
const messageOf = (error: unknown) =>
  error instanceof Error ? (error.message ? `${error.name}: ${error.message}` : error.name) : String(error);
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export class Autosaver {
  private recordId?: string;
  private generation = -1;
  /** The worker's newest checkpoint, with the generation (session) it belongs to. */
  private checkpoint?: { generation: number; value: Checkpoint };
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

  /** Saves into record `id` from now on (a resumed session keeps its record). */
  adopt(id: string, generation: number): void {
    this.recordId = id;
    this.generation = generation;
  }

  /** Writes the session; `fresh` asks the worker for its newest checkpoint first. */
  async save(fresh: boolean): Promise<void> {
    if (this.writing || this.persistence.get().error) return;
    this.writing = true;
    let bytes = 0;
    try {
      if (fresh) {
        const generation = this.app.get().generation;
        // A worker that cannot answer has stopped (crashed), which is reported as such: no new save.
        const value = (await this.link()
          ?.request({ type: 'checkpoint' })
          .catch(() => undefined)) as Checkpoint | undefined;
        if (value) this.checkpoint = { generation, value };
      }
      const state = this.app.get();
      // A checkpoint of an earlier session (reset since) must not be saved with this one's series.
      if (this.checkpoint?.generation !== state.generation || state.runs.size === 0) return;
      const checkpoint = this.checkpoint.value;
      if (state.generation !== this.generation) {
        this.generation = state.generation;
        this.recordId = `${Date.now()}`;
      }
      const id = this.recordId as string;
      const data: SavedData = {
        config: state.config,
        events: state.events,
        runs: [...state.runs.values()].map(packSeries),
        checkpoint,
      };
      const meta = {
        id,
        title: sessionTitle(state.config),
        step: checkpoint.step,
        totalSteps: state.config.steps,
        savedAt: Date.now(),
        bytes: approximateBytes(data),
      };
      bytes = meta.bytes;
      await saveSession(meta, data);
      const [saved, quota] = await Promise.all([listSessions(), storageEstimate()]);
      this.persistence.update((s) => ({
        ...s,
        saved,
        quota,
        lastSave: { id, step: meta.step, savedAt: meta.savedAt },
      }));
    } catch (error) {
      const quotaFull = error instanceof DOMException && error.name === 'QuotaExceededError';
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
