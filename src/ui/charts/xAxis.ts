/**
 * The charts' x-axis: steps, epochs, gradient evaluations (a two-pass method costs 2 per step) or
 * training time. A run's step metric at index i, an evaluation after `step` steps and a live change at
 * `step` all map through the same run clock, so curves, test points and markers line up.
 */
import { formatNumber } from '../formatNumber';
import type { RunView } from '../runViews';

export const X_AXES = ['step', 'epoch', 'gradEvals', 'wallTime'] as const;
export type XAxisMode = (typeof X_AXES)[number];

export const X_AXIS_LABELS: Record<XAxisMode, string> = {
  step: 'Step',
  epoch: 'Epoch',
  gradEvals: 'Gradient evaluations',
  wallTime: 'Training time (s)',
};

/** Index of the last recorded step ≤ `step` (binary search), or -1. */
function indexAtOrBefore(steps: readonly number[], step: number): number {
  let low = 0;
  let high = steps.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((steps[middle] as number) <= step) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** x of the weights after `step` updates (a step metric of step index `step` is measured there too). */
export function xOfStep(mode: XAxisMode, run: RunView, step: number): number {
  switch (mode) {
    case 'step':
      return step;
    case 'epoch':
      return step / run.stepsPerEpoch;
    case 'gradEvals':
      return step * run.gradEvalsPerStep;
    case 'wallTime': {
      // The weights after `step` updates exist once step index step-1 has finished.
      const series = run.series;
      if (!series || step <= 0) return 0;
      const index = indexAtOrBefore(series.steps, step - 1);
      return index < 0 ? 0 : (series.wallMs[index] as number) / 1000;
    }
  }
}

/** x of the step metric recorded at `index` of the run's series. */
export function xOfIndex(mode: XAxisMode, run: RunView, index: number): number {
  const series = run.series;
  if (!series) return 0;
  if (mode === 'wallTime') return (series.wallMs[index] as number) / 1000;
  return xOfStep(mode, run, series.steps[index] as number);
}

/** Made once: creating a number format is expensive, and Recharts formats ticks on every redraw. */
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Tick text: whole numbers with thousands separators (steps), else three significant digits. */
export function formatX(value: number): string {
  if (Math.abs(value) >= 1000 || Number.isInteger(value)) return WHOLE.format(value);
  return formatNumber(value);
}
