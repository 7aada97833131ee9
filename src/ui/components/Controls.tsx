/**
 * Train / Pause / Resume / Train again, one step, stop, reset and evaluate now. Real buttons, so Tab
 * and Enter/Space work; the status is announced politely.
 */
import type { SessionStatus } from '../../worker/protocol';
import type { Experiment } from '../experiment';
import type { Mode } from '../sessionMode';

interface ControlsProps {
  readonly status: SessionStatus;
  readonly mode: Mode;
  readonly experiment: Experiment;
  /** Why the setup cannot train, if it cannot. */
  readonly problem?: string;
  /** Shown instead of the status while the session waits for something (the user's files). */
  readonly waiting?: string;
}

const STATUS_TEXT: Record<SessionStatus, string> = {
  idle: 'Starting…',
  loading: 'Loading…',
  ready: 'Ready',
  training: 'Training',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
};

export function Controls({ status, mode, experiment, problem, waiting }: ControlsProps) {
  const canTrain = !problem && (status === 'ready' || status === 'paused' || status === 'done');
  const trainLabel = status === 'paused' ? 'Resume' : status === 'done' ? 'Train again' : 'Train';
  const stepping = status === 'ready' || status === 'paused';
  return (
    <div className="controls" role="toolbar" aria-label="Training controls">
      {status === 'training' ? (
        <button type="button" onClick={() => void experiment.command('pause')} className="primary">
          Pause
        </button>
      ) : (
        <button
          type="button"
          onClick={() => void experiment.train()}
          disabled={!canTrain}
          className="primary"
          title={problem}
        >
          {trainLabel}
        </button>
      )}
      <button
        type="button"
        disabled={!stepping || Boolean(problem)}
        onClick={() => void stepOnce(experiment, mode)}
        title="One step of every run, then pause"
      >
        Step
      </button>
      <button
        type="button"
        disabled={mode !== 'live'}
        onClick={() => void experiment.command('evaluateNow')}
        title="Evaluate every run on the test images now"
      >
        Evaluate now
      </button>
      <button
        type="button"
        disabled={mode !== 'live'}
        onClick={() => void experiment.command('stop')}
        title="End training; the results stay"
      >
        Stop
      </button>
      <button
        type="button"
        onClick={() => void experiment.reset()}
        disabled={status === 'loading' || status === 'idle'}
        title="Start over from the initial weights (clears the results)"
      >
        Reset
      </button>
      <span className="status" data-testid="status" aria-live="polite">
        {waiting ?? STATUS_TEXT[status]}
      </span>
    </div>
  );
}

/** Before the first step the setup must reach the worker; after that a step is a plain request. */
async function stepOnce(experiment: Experiment, mode: Mode): Promise<void> {
  if (mode === 'setup') await experiment.configure(experiment.store.get().config);
  await experiment.command('stepOnce');
}
