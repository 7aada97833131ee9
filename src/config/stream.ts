/** Shapes that travel in the metric stream besides the metrics: run events and hyperparameter patches. */
import type { Hyperparams, Schedule } from './optimizers';
import type { ProbeRecord } from './probes';
import type { RobustRecord } from './robust';

/** A change to some of a run's hyperparameters; `schedule` may be patched field by field. */
export type HyperparamPatch = Partial<Omit<Hyperparams, 'schedule'>> & { schedule?: Partial<Schedule> };

/** Things that happen to runs, in the same stream as the metrics so charts can mark them. */
export type SessionEvent =
  /** Took effect at `step`: the first step computed with `to`. */
  | { kind: 'hyperparams'; runId: string; step: number; key: string; from: unknown; to: unknown }
  | { kind: 'runAdded'; runId: string; step: number; parentId?: string }
  | { kind: 'runRemoved'; runId: string; step: number }
  /** One replica (seed) of the run diverged; the others go on. */
  | { kind: 'diverged'; runId: string; step: number; message: string; replica?: number }
  /** Continued from a snapshot: the page drops this run's points at `step` and later (they are recomputed). */
  | { kind: 'restored'; runId: string; step: number; backend: string }
  /** A robust evaluation of the weights after `step` steps finished (it ran in slices, so it arrives later). */
  | { kind: 'robust'; runId: string; step: number; record: RobustRecord }
  /** A probe of the weights after `step` steps finished (it ran between later steps). */
  | { kind: 'probe'; runId: string; step: number; record: ProbeRecord };
