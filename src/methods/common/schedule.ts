/** Learning-rate schedules: constant, cosine to a floor, step decay; each with an optional linear warm-up. */
import type { Schedule } from '../../config/optimizers';

/** The learning rate in force at 0-based `step` of a run of `totalSteps`. */
export function learningRateAt(baseLr: number, schedule: Schedule, step: number, totalSteps: number): number {
  if (step < schedule.warmupSteps) return (baseLr * (step + 1)) / schedule.warmupSteps;
  const progress = Math.min(
    1,
    (step - schedule.warmupSteps) / Math.max(1, totalSteps - schedule.warmupSteps),
  );
  switch (schedule.kind) {
    case 'constant':
      return baseLr;
    case 'cosine': {
      const floor = baseLr * schedule.floor;
      return floor + ((baseLr - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
    case 'step':
      return baseLr * schedule.factor ** Math.floor((step - schedule.warmupSteps) / schedule.every);
  }
}

/**
 * The largest and smallest learning rate of a run (warm-up aside: it starts below the peak). The
 * step schedule's smallest rate depends on the run's length; without `totalSteps` it is taken as 0.
 */
export function learningRateRange(
  baseLr: number,
  schedule: Schedule,
  totalSteps: number | undefined,
): { max: number; min: number } {
  switch (schedule.kind) {
    case 'constant':
      return { max: baseLr, min: baseLr };
    case 'cosine':
      return { max: baseLr, min: baseLr * schedule.floor };
    case 'step':
      if (totalSteps === undefined) return { max: baseLr, min: 0 };
      return { max: baseLr, min: learningRateAt(baseLr, schedule, Math.max(0, totalSteps - 1), totalSteps) };
  }
}

/**
 * A value that moves in proportion to the learning rate, as the GSAM reference's ProportionScheduler:
 *   (value - low)/(high - low) = (η - η_min)/(η_max - η_min),
 * and `high` when the rate never changes. The ratio is clamped to [0, 1], so a warm-up below η_min
 * gives `low` rather than something below it (the reference, which has no such warm-up, does not clamp).
 */
export function proportionalToLr(
  low: number,
  high: number,
  lr: number,
  range: { max: number; min: number },
): number {
  if (!(range.max > range.min)) return high;
  const ratio = Math.min(1, Math.max(0, (lr - range.min) / (range.max - range.min)));
  return low + (high - low) * ratio;
}
