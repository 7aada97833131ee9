/** The GPU went away: training waits at its last snapshot until the user picks another backend. */
import type { BackendChoice } from '../../config/schema';

const CHOICES: [BackendChoice, string][] = [
  ['wasm', 'WASM'],
  ['webgl', 'WebGL'],
  ['cpu', 'CPU'],
];

interface DeviceLostBannerProps {
  readonly lost: { message: string; snapshotStep: number };
  readonly onSwitch: (backend: BackendChoice) => void;
}

export function DeviceLostBanner({ lost, onSwitch }: DeviceLostBannerProps) {
  return (
    <div className="banner banner-danger" role="alert" data-testid="device-lost">
      <p>
        <strong>The GPU device was lost</strong> ({lost.message}). Training is paused at step{' '}
        {lost.snapshotStep.toLocaleString('en-US')}, the last snapshot; the curves so far are kept.
      </p>
      {CHOICES.map(([backend, label]) => (
        <button type="button" key={backend} onClick={() => onSwitch(backend)}>
          Resume on {label}
        </button>
      ))}
    </div>
  );
}
