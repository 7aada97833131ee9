/**
 * Autosave and resume for the page: starts the autosaver, lists the saved sessions and the storage
 * quota, and offers the commands the saved-sessions panel needs. A page reloaded to recover from a
 * crashed worker resumes the session it names in sessionStorage.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Experiment } from '../experiment';
import { Autosaver } from '../persistence/autosave';
import { initialPersistence, type PersistenceState } from '../persistence/persistenceState';
import { resumeSession } from '../persistence/resume';
import { deleteSession, listSessions, storageEstimate } from '../persistence/savedSessions';
import { createStore } from '../store';

const RESUME_AFTER_RELOAD = 'sam-playground:resume';

export interface SessionCommands {
  resume(id: string): void;
  remove(id: string): void;
  startFresh(): void;
  /** After a crash: a fresh page (and worker) that resumes the last autosave. */
  restartFromAutosave(id: string): void;
}

export function usePersistence(experiment: Experiment): {
  persistence: PersistenceState;
  sessions: SessionCommands;
} {
  const [persistence] = useState(() => createStore<PersistenceState>(initialPersistence));
  const [autosaver] = useState(() => new Autosaver(experiment.store, persistence, () => experiment.link));
  const state = useSyncExternalStore(persistence.subscribe, persistence.get);
  const [sessions] = useState<SessionCommands>(() => {
    const refresh = async () => {
      const [saved, quota] = await Promise.all([listSessions(), storageEstimate()]);
      persistence.update((s) => ({ ...s, saved, quota }));
    };
    const answered = () => persistence.update((s) => ({ ...s, offerAnswered: true }));
    return {
      resume: (id) => {
        answered();
        void resumeSession(experiment, autosaver, id);
      },
      remove: (id) => void deleteSession(id).then(refresh),
      startFresh: answered,
      restartFromAutosave: (id) => {
        sessionStorage.setItem(RESUME_AFTER_RELOAD, id);
        location.reload();
      },
    };
  });
  useEffect(() => {
    const stop = autosaver.start();
    void Promise.all([listSessions(), storageEstimate()])
      .then(([saved, quota]) => persistence.update((s) => ({ ...s, saved, quota })))
      .catch((error: Error) =>
        persistence.update((s) => ({ ...s, error: `Saved sessions are unavailable here: ${error.message}` })),
      );
    const pending = sessionStorage.getItem(RESUME_AFTER_RELOAD);
    if (pending) {
      sessionStorage.removeItem(RESUME_AFTER_RELOAD);
      sessions.resume(pending);
    }
    return stop;
  }, [autosaver, persistence, sessions]);
  return { persistence: state, sessions };
}
