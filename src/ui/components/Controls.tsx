/** Train / Pause / Resume / Reset. Buttons are real buttons: Tab and Enter/Space work. */
import type { SessionStatus } from '../../worker/protocol';

interface ControlsProps {
  readonly status: SessionStatus;
  readonly onTrain: () => void;
  readonly onPause: () => void;
  readonly onReset: () => void;
}

export function Controls({ status, onTrain, onPause, onReset }: ControlsProps) {
  const canTrain = status === 'ready' || status === 'paused';
  return (
    <div className="controls" role="toolbar" aria-label="Training controls">
      {status === 'training' ? (
        <button type="button" onClick={onPause} className="primary">
          Pause
        </button>
      ) : (
        <button type="button" onClick={onTrain} disabled={!canTrain} className="primary">
          {status === 'paused' ? 'Resume' : 'Train'}
        </button>
      )}
      <button type="button" onClick={onReset} disabled={status === 'loading' || status === 'idle'}>
        Reset
      </button>
      <span className="status" data-testid="status" aria-live="polite">
        {statusText(status)}
      </span>
    </div>
  );
}

function statusText(status: SessionStatus): string {
  const texts: Record<SessionStatus, string> = {
    idle: 'Starting…',
    loading: 'Loading…',
    ready: 'Ready',
    training: 'Training',
    paused: 'Paused',
    done: 'Done',
    failed: 'Failed',
  };
  return texts[status];
}
