/** The session's replicas grouped back into the runs of the comparison, with what each replica ended with. */
import type { Run } from '../../src/engine/session/run';
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

/** Per replica: final and best test accuracy and final test loss; NaN for a diverged replica (left out of statistics). */
export interface ReplicaOutcome {
  readonly finalAccuracy: number;
  readonly bestAccuracy: number;
  readonly finalLoss: number;
}

export function replicaOutcomes(group: RunGroup, log: MetricLog): ReplicaOutcome[] {
  return group.replicas.map((run) => {
    const evaluations = log.runs.get(keyOf(run))?.evaluations ?? [];
    const last = evaluations[evaluations.length - 1];
    if (run.phase === 'diverged' || !last)
      return { finalAccuracy: Number.NaN, bestAccuracy: Number.NaN, finalLoss: Number.NaN };
    return {
      finalAccuracy: last.testAccuracy,
      bestAccuracy: Math.max(...evaluations.map((e) => e.testAccuracy)),
      finalLoss: last.testLoss,
    };
  });
}
