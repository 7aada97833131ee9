/**
 * Chart markers from the event stream: every live hyperparameter change (and a divergence) becomes a
 * vertical line in the run's colour at the x where it took effect.
 */
import type { BundleEvent } from '../../config/bundle';
import { formatNumber } from '../formatNumber';
import type { RunView } from '../runViews';
import { type XAxisMode, xOfStep } from './xAxis';

export interface Marker {
  readonly id: string;
  readonly runKey: string;
  readonly x: number;
  readonly color: string;
  readonly label: string;
}

/** Paper symbols keep labels short enough to sit on a chart. */
const SYMBOLS: Record<string, string> = {
  lr: 'η',
  rho: 'ρ',
  bisamMu: 'μ',
  bisamAlpha: 'α',
  momentum: 'β',
  weightDecay: 'λ',
  labelSmoothing: 's',
};

function valueText(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (value && typeof value === 'object' && 'kind' in value) return String((value as { kind: unknown }).kind);
  return String(value);
}

/** Markers of `runs`; `eventsOf` gives a run's events (imported runs have their bundle's). */
export function buildMarkers(
  runs: readonly RunView[],
  eventsOf: (run: RunView) => readonly BundleEvent[],
  mode: XAxisMode,
): Marker[] {
  const markers: Marker[] = [];
  for (const run of runs) {
    for (const [index, event] of eventsOf(run).entries()) {
      if (event.kind === 'hyperparams') {
        const symbol = SYMBOLS[event.key] ?? event.key;
        markers.push({
          id: `${run.key}-${index}`,
          runKey: run.key,
          x: xOfStep(mode, run, event.step),
          color: run.color,
          label: `${symbol} ${valueText(event.from)}→${valueText(event.to)}`,
        });
      } else if (event.kind === 'diverged')
        markers.push({
          id: `${run.key}-${index}`,
          runKey: run.key,
          x: xOfStep(mode, run, event.step),
          color: run.color,
          label: '✕ diverged',
        });
    }
  }
  return markers;
}
