/** What the page shows about autosaves: the saved sessions, the storage quota, the last save, a failure. */
import type { AppState } from '../store';
import type { SavedMeta } from './savedSessions';

export interface PersistenceState {
  readonly saved: SavedMeta[];
  readonly quota?: { usage: number; quota: number };
  /** The autosave of this session: which record, at which step, when. */
  readonly lastSave?: { id: string; step: number; savedAt: number };
  /** Why autosaving stopped (e.g. the storage quota is full); training is not affected. */
  readonly error?: string;
  /** The "Resume … / Start fresh" offer was answered. */
  readonly offerAnswered: boolean;
}

export const initialPersistence: PersistenceState = { saved: [], offerAnswered: false };

/** After a failure: the autosave the page offers to restart from (none while nothing failed or was saved). */
export function restartOffer(
  app: Pick<AppState, 'status'>,
  persistence: PersistenceState,
): { id: string; step: number } | undefined {
  if (app.status !== 'failed' || !persistence.lastSave) return undefined;
  return { id: persistence.lastSave.id, step: persistence.lastSave.step };
}
