/** What the page shows about autosaves: the saved sessions, the storage quota, the last save, a failure. */
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
