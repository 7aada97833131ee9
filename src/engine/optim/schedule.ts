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
