/**
 * The benchmark's arithmetic, once: medians and percentiles of step times, the rates derived from
 * ms/step, and each method's ratio to SGD. Node, Chromium, the profiles and the PyTorch row all use it,
 * so their figures are comparable by construction.
 */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The nearest-rank percentile (p in 0–100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** ms/step with the two rates a record reports beside it. */
export function throughput(
  msPerStep: number,
  batch: number,
): { msPerStep: number; stepsPerSecond: number; examplesPerSecond: number } {
  return { msPerStep, stepsPerSecond: 1000 / msPerStep, examplesPerSecond: (1000 / msPerStep) * batch };
}

/** What a record needs to be compared with SGD. */
interface Timed {
  readonly host: string;
  readonly backend: string;
  readonly method: string;
  readonly batch: number;
  readonly msPerStep: number;
  ratioToSgd?: number;
}

/**
 * Sets each record's ms/step over that of the SGD record of the same host, backend and batch among
 * `records`, unless it has its ratio already. Called on one session's records (Chromium's lockstep
 * and direct-loop sessions compare with the SGD that trained beside them) and then on all of them.
 */
export function addSgdRatios(records: readonly Timed[]): void {
  for (const record of records) {
    if (record.ratioToSgd !== undefined) continue;
    const sgd = records.find(
      (r) =>
        r.method === 'sgd' &&
        r.host === record.host &&
        r.backend === record.backend &&
        r.batch === record.batch,
    );
    if (sgd) record.ratioToSgd = record.msPerStep / sgd.msPerStep;
  }
}
