/** The `hyperparams` events of one change: one per key whose value actually moved. */
import type { Hyperparams } from '../../config/optimizers';
import type { HyperparamPatch, SessionEvent } from '../../config/stream';

export function hyperparamEvents(
  runId: string,
  step: number,
  patch: HyperparamPatch,
  before: Hyperparams,
  after: Hyperparams,
): SessionEvent[] {
  const events: SessionEvent[] = [];
  const push = (key: string, from: unknown, to: unknown) => {
    if (from !== to) events.push({ kind: 'hyperparams', runId, step, key, from, to });
  };
  for (const key of Object.keys(patch) as (keyof HyperparamPatch)[]) {
    if (key !== 'schedule') push(key, before[key], after[key]);
    else
      for (const field of Object.keys(patch.schedule ?? {}) as (keyof Hyperparams['schedule'])[])
        push(`schedule.${field}`, before.schedule[field], after.schedule[field]);
  }
  return events;
}
