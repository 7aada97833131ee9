/**
 * Axis domains and ticks computed here rather than by Recharts: round numbers at both ends of the
 * y-axis (1-2-5 steps, or powers of ten on a log axis) and an x-axis that starts at 0 and ends at a
 * round tick, so a streaming chart never shows odd values like 0.0938 or 0.31 as tick labels.
 */

export interface Axis {
  readonly domain: [number, number];
  readonly ticks: number[];
}

/** The 1-2-5 step that puts about `count` ticks over `span`. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const multiple = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10;
  return multiple * power;
}

/** Rounds away float noise (0.30000000000000004 → 0.3) at the step's precision. */
const tidy = (value: number, step: number) => {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(digits, 12)));
};

/** Whole steps from `start` to `end` (at most 100: a guard against a step lost in float rounding). */
function stepsBetween(start: number, end: number, step: number): number[] {
  const count = Math.min(100, Math.floor((end - start) / step + 1e-9));
  return Array.from({ length: count + 1 }, (_, i) => tidy(start + i * step, step));
}

/** A y-axis from `low` to `high` widened to round ticks. */
export function linearAxis(low: number, high: number, count = 4): Axis {
  // A range within float noise (a smoothed constant differs in its last bit) counts as flat.
  if (!(high - low > 1e-9 * Math.max(Math.abs(low), Math.abs(high)))) {
    const pad = Math.abs(low) * 0.1 || 1;
    return linearAxis(low - pad, high + pad, count);
  }
  const step = niceStep(high - low, count);
  const start = Math.floor(low / step) * step;
  const end = Math.ceil(high / step) * step;
  // A line on a round value would sit on the frame: leave a little room, but never cross 0 for it.
  const pad = 0.04 * (end - start);
  const bottom = low - start < pad && start !== 0 ? start - pad : start;
  const top = end - high < pad && end !== 0 ? end + pad : end;
  return { domain: [bottom, top], ticks: stepsBetween(start, end, step) };
}

/** A log y-axis over whole decades (values must be > 0). */
export function logAxis(low: number, high: number): Axis {
  const first = Math.floor(Math.log10(low));
  const last = Math.max(first + 1, Math.ceil(Math.log10(high)));
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => 10 ** (first + i));
  return { domain: [10 ** first, 10 ** last], ticks };
}

/**
 * An x-axis from 0 (or the data's start, if below) to the first round tick at or after the data's end:
 * a streaming chart's frame then changes only when the data passes a tick, not on every redraw.
 */
export function xAxis(low: number, high: number, count = 5): Axis {
  const start = Math.min(0, low);
  const last = high > start ? high : start + 1;
  const step = niceStep(last - start, count);
  const end = tidy(Math.ceil(last / step - 1e-9) * step, step);
  return { domain: [start, end], ticks: stepsBetween(Math.ceil(start / step) * step, end, step) };
}
