/** Step, epoch, ETA and throughput of the session; the data download while loading. */
import { formatNumber } from '../formatNumber';
import type { AppState } from '../store';
import { ActivityNote } from './ActivityNote';

export function ProgressPanel({ state }: { state: AppState }) {
  const { loading, progress, info, status } = state;
  if (status === 'loading' && loading) {
    const fraction = loading.totalBytes > 0 ? Math.min(1, loading.loadedBytes / loading.totalBytes) : 0;
    return (
      <div className="progress">
        <progress value={fraction} max={1} aria-label={loading.message} />
        <span>
          {loading.message}: {(loading.loadedBytes / 1e6).toFixed(1)} MB
          {loading.totalBytes > 0 ? ` of ${(loading.totalBytes / 1e6).toFixed(1)} MB` : ''}
        </span>
      </div>
    );
  }
  const step = progress?.step ?? 0;
  const total = progress?.totalSteps || state.config.steps;
  const rate = progress?.stepsPerSecond ?? 0;
  const eta = rate > 0 && total > step ? (total - step) / rate : undefined;
  return (
    <div className="progress" data-testid="progress">
      <progress value={total > 0 ? step / total : 0} max={1} aria-label="Training progress" />
      <span data-testid="step-count">
        step {step.toLocaleString('en-US')} / {total.toLocaleString('en-US')}
      </span>
      <span>epoch {(progress?.epoch ?? 0).toFixed(2)}</span>
      <span>ETA {eta === undefined ? '–' : formatDuration(eta)}</span>
      <span data-testid="throughput">
        {formatNumber(rate)} steps/s · {Math.round(progress?.examplesPerSecond ?? 0).toLocaleString('en-US')}{' '}
        examples/s
      </span>
      <ActivityNote
        activity={status === 'training' ? state.activity : undefined}
        progress={progress}
        backend={state.backend}
        runs={state.config.runs.length}
      />
      {info && <span className="muted">{info.paramCount.toLocaleString('en-US')} parameters</span>}
      {progress && <span className="muted">{progress.numTensors} tensors</span>}
    </div>
  );
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
