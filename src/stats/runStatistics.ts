/**
 * Statistics over seeds of a comparison, shared by the page and the CLI: per run the final and best
 * test accuracy and the final test loss summarised (mean, std, 95% CI), and every run against a
 * baseline, paired seed by seed (seed k of both runs had the same initial weights and batches).
 */
import { comparePaired, type PairedComparison } from './compare';
import { type SeedSummary, summarizeSeeds } from './describe';
import type { SeedOutcome } from './outcomes';

export interface RunStatistics {
  readonly finalAccuracy: SeedSummary;
  readonly bestAccuracy: SeedSummary;
  readonly finalLoss: SeedSummary;
}

export function runStatistics(outcomes: readonly SeedOutcome[]): RunStatistics {
  return {
    finalAccuracy: summarizeSeeds(outcomes.map((o) => o.finalAccuracy)),
    bestAccuracy: summarizeSeeds(outcomes.map((o) => o.bestAccuracy)),
    finalLoss: summarizeSeeds(outcomes.map((o) => o.finalLoss)),
  };
}

export interface BaselineComparison {
  readonly runId: string;
  readonly finalAccuracy: PairedComparison;
  readonly finalLoss: PairedComparison;
}

export function compareWithBaseline(
  outcomes: ReadonlyMap<string, readonly SeedOutcome[]>,
  baseline: string,
): BaselineComparison[] {
  const base = outcomes.get(baseline) ?? [];
  return [...outcomes]
    .filter(([runId]) => runId !== baseline)
    .map(([runId, runOutcomes]) => ({
      runId,
      finalAccuracy: comparePaired(
        runOutcomes.map((o) => o.finalAccuracy),
        base.map((o) => o.finalAccuracy),
      ),
      finalLoss: comparePaired(
        runOutcomes.map((o) => o.finalLoss),
        base.map((o) => o.finalLoss),
      ),
    }));
}
