/**
 * The statistics panel's second table: the probes' numbers (λ_max, trace, flips) and robust accuracy
 * at the largest ε and σ, over the seeds of each live run, with the paired tests against the chosen
 * baseline: the CLI's columns (src/stats/recordColumns.ts) on the page's records.
 */
import type { ProbeRecord } from '../config/probes';
import type { RobustRecord } from '../config/robust';
import { probeSeedColumns, robustSeedColumns, type SeedTableScope } from '../stats/recordColumns';
import { type SeedTableRow, type SeedVerdict, seedTable } from '../stats/seedColumns';
import type { RunView } from './runViews';

export interface SeedMeasureTable {
  readonly headers: string[];
  readonly rows: SeedTableRow[];
  readonly verdicts: SeedVerdict[];
  /** The robust evaluation's step the robust columns are at; absent without robust columns. */
  readonly robustStep?: number;
}

/**
 * Robust records of the latest step every training (not diverged) replica has been evaluated at:
 * an evaluation under way (it runs in slices, replica by replica) does not show as missing seeds.
 */
function completeRobustRecords(runs: readonly RunView[]): RobustRecord[] {
  const replicas = runs.flatMap((run) => run.series?.replicas ?? []).filter((r) => r.status !== 'diverged');
  const lastSteps = replicas.map((replica) => replica.robust.at(-1)?.step);
  if (lastSteps.length === 0 || lastSteps.some((step) => step === undefined)) return [];
  const step = Math.min(...(lastSteps as number[]));
  return replicas.flatMap((replica) => replica.robust.filter((record) => record.step === step));
}

/** `runs`: live runs over several seeds; undefined when none of them was probed or attacked. */
export function seedMeasureTable(
  runs: readonly RunView[],
  probes: readonly ProbeRecord[],
  baseline: string,
): SeedMeasureTable | undefined {
  const keys = new Set(runs.map((run) => run.key));
  const scope: SeedTableScope = {
    replicaCount: (runId) => runs.find((run) => run.key === runId)?.series?.replicas?.length ?? 0,
    baseline,
  };
  const robust = completeRobustRecords(runs);
  const columns = [
    ...probeSeedColumns(
      probes.filter((record) => keys.has(record.runId)),
      scope,
    ),
    ...robustSeedColumns(robust, scope, 'largest'),
  ];
  if (columns.length === 0) return undefined;
  const { rows, verdicts } = seedTable(
    columns,
    runs.map((run) => ({ id: run.key, name: run.name })),
    baseline,
  );
  return {
    headers: columns.map((column) => column.header),
    rows,
    verdicts,
    ...(robust[0] ? { robustStep: robust[0].step } : {}),
  };
}
