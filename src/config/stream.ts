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
  /**
   * Continued from a snapshot: this run's points at `step` and later are dropped (they are recomputed),
   * and its robust records from `robustFrom` on (the evaluation in progress then is redone; absent,
   * as in sessions saved before it existed: from `step` on).
   */
  | { kind: 'restored'; runId: string; step: number; backend: string; robustFrom?: number }
  /** A robust evaluation of the weights after `step` steps finished (it ran in slices, so it arrives later). */
  | { kind: 'robust'; runId: string; step: number; record: RobustRecord }
  /** A probe of the weights after `step` steps finished (it ran between later steps). */
  | { kind: 'probe'; runId: string; step: number; record: ProbeRecord };

type Restored = Extract<SessionEvent, { kind: 'restored' }>;

/**
 * Whether a run's evaluation at `step` survives `restored`. One at the snapshot's own step was made
 * from the snapshot's weights before it was taken and is not redone (the next is due later), except
 * step 0's: a session at step 0 starts its initial evaluation again.
 */
export const evaluationKeptAfter = (restored: Restored, step: number): boolean =>
  step < restored.step || (step === restored.step && restored.step > 0);

/** Whether a run's robust record at `step` survives `restored` (later ones are recomputed). */
export const robustKeptAfter = (restored: Restored, step: number): boolean =>
  step < (restored.robustFrom ?? restored.step);
