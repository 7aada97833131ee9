/** The session's replicas grouped back into the runs of the comparison, with what each replica ended with. */
import type { Run } from '../../src/engine/session/run';
import { type SeedOutcome, seedOutcome } from '../../src/stats/outcomes';
import { keyOf, type MetricLog } from './metricLog';

export interface RunGroup {
  readonly id: string;
  readonly name: string;
  /** Replica k at index k. */
  readonly replicas: Run[];
}

export function groupRuns(runs: readonly Run[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const run of runs) {
    const group = groups.get(run.id) ?? { id: run.id, name: run.config.name, replicas: [] };
    group.replicas[run.replica] = run;
    groups.set(run.id, group);
  }
  return [...groups.values()];
}

export type ReplicaOutcome = SeedOutcome;

/** Per replica: final and best test accuracy and final test loss; NaN for a diverged replica (left out of statistics). */
export function replicaOutcomes(group: RunGroup, log: MetricLog): SeedOutcome[] {
  return group.replicas.map((run) =>
    seedOutcome(log.runs.get(keyOf(run))?.evaluations ?? [], run.phase === 'diverged'),
  );
}
