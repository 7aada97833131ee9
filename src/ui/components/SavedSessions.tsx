/**
 * Autosaved sessions: on a fresh page the newest is offered ("Resume … from step N (saved at …)")
 * beside a fresh start; the list gives each one's size with open and delete, and the storage quota.
 */

import type { SessionCommands } from '../hooks/usePersistence';
import type { PersistenceState } from '../persistence/persistenceState';

const time = (ms: number) => new Date(ms).toLocaleTimeString('en-GB');
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

interface SavedSessionsProps {
  readonly persistence: PersistenceState;
  readonly sessions: SessionCommands;
  /** Whether this page has results of its own (then nothing is offered, the list stays). */
  readonly started: boolean;
}

export function SavedSessions({ persistence, sessions, started }: SavedSessionsProps) {
  const { saved, quota, lastSave, error, offerAnswered } = persistence;
  /** The newest session that has steps left (finished ones stay in the list, to open). */
  const newest = saved.find((meta) => meta.step < meta.totalSteps);
  return (
    <section className="saved-sessions" aria-label="Saved sessions" data-testid="saved-sessions">
      {newest && !offerAnswered && !started && (
        <div className="banner" data-testid="resume-offer">
          <button type="button" onClick={() => sessions.resume(newest.id)}>
            Resume {newest.title} from step {newest.step.toLocaleString('en-US')} (saved at{' '}
            {time(newest.savedAt)})
          </button>
          <button type="button" onClick={sessions.startFresh}>
            Start fresh
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="autosave-error">
          {error}
        </p>
      )}
      <details>
        <summary>
          Saved sessions ({saved.length})
          {lastSave && (
            <span data-testid="autosave-status">
              {' '}
              · autosaved at step {lastSave.step.toLocaleString('en-US')}, {time(lastSave.savedAt)}
            </span>
          )}
        </summary>
        <ul>
          {saved.map((meta) => (
            <li key={meta.id}>
              {meta.title}, step {meta.step.toLocaleString('en-US')} of{' '}
              {meta.totalSteps.toLocaleString('en-US')}, saved at {time(meta.savedAt)},{' '}
              {megabytes(meta.bytes)}{' '}
              <button type="button" onClick={() => sessions.resume(meta.id)}>
                Open
              </button>{' '}
              <button type="button" onClick={() => sessions.remove(meta.id)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
        {quota && (
          <p data-testid="storage-quota">
            Browser storage for this site: {megabytes(quota.usage)} used of {megabytes(quota.quota)}
          </p>
        )}
      </details>
    </section>
  );
}
