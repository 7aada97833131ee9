/**
 * Probe records → what the probe charts draw (pure, so tests need no DOM). With several seeds every
 * replica of a run has its own record at a probed step: the charts draw their mean, and a band (or
 * error bar) of ±1 std or min–max over the seeds, like the training charts (summarizeSeeds).
 */
import { ADVERSARIES, type ProbeKind, type ProbeRecord } from '../../config/probes';
import { summarizeSeeds } from '../../stats/describe';
import type { BandMode } from '../charts/seedLines';
import type { ImportedBundle } from '../store';

type RecordOf<K extends ProbeKind> = Extract<ProbeRecord, { kind: K }>;

export function recordsOf<K extends ProbeKind>(records: readonly ProbeRecord[], kind: K): RecordOf<K>[] {
  return records.filter((r): r is RecordOf<K> => r.kind === kind);
}

/** The records of the first seed (replica 0): one picture per run where a mean makes no picture. */
export const firstSeed = (records: readonly ProbeRecord[]): ProbeRecord[] =>
  records.filter((r) => (r.replica ?? 0) === 0);

/** The newest record of `kind` for each run (by step, then arrival). */
export function latestByRun<K extends ProbeKind>(
  records: readonly ProbeRecord[],
  kind: K,
): Map<string, RecordOf<K>> {
  const latest = new Map<string, RecordOf<K>>();
  for (const record of recordsOf(records, kind)) {
    const held = latest.get(record.runId);
    if (!held || record.step >= held.step) latest.set(record.runId, record);
  }
  return latest;
}

/** Every seed's record of `kind` at each run's latest probed step (one per replica, the newest). */
export function latestSeedsByRun<K extends ProbeKind>(
  records: readonly ProbeRecord[],
  kind: K,
): Map<string, RecordOf<K>[]> {
  const latest = latestByRun(records, kind);
  const bySeed = new Map<string, Map<number, RecordOf<K>>>();
  for (const record of recordsOf(records, kind)) {
    if (record.step !== latest.get(record.runId)?.step) continue;
    const seeds = bySeed.get(record.runId) ?? new Map<number, RecordOf<K>>();
    seeds.set(record.replica ?? 0, record);
    bySeed.set(record.runId, seeds);
  }
  return new Map([...bySeed].map(([runId, seeds]) => [runId, [...seeds.values()]]));
}

/** The mean of one quantity over seeds, and its band [low, high] when two or more seeds have it. */
export interface OverSeeds {
  readonly mean: number;
  readonly band?: [number, number];
}

export function overSeeds(values: readonly number[], mode: BandMode): OverSeeds {
  const s = summarizeSeeds(values);
  if (s.n < 2) return { mean: s.mean };
  return { mean: s.mean, band: mode === 'minmax' ? [s.min, s.max] : [s.mean - s.std, s.mean + s.std] };
}

/**
 * One row per probed step, a column per run: λ_max or the trace (mean over seeds), with the band in
 * `<run>:band` over seeds, or for one seed the trace's standard error in `<run>:se`.
 */
export function rowsOverSteps(
  records: readonly ProbeRecord[],
  kind: 'hessian' | 'trace',
  mode: BandMode = 'std',
): Record<string, number | [number, number]>[] {
  const byStep = new Map<number, Map<string, ProbeRecord[]>>();
  for (const record of records) {
    if (record.kind !== kind) continue;
    const runs = byStep.get(record.step) ?? new Map<string, ProbeRecord[]>();
    runs.set(record.runId, [...(runs.get(record.runId) ?? []), record]);
    byStep.set(record.step, runs);
  }
  const value = (r: ProbeRecord) =>
    r.kind === 'hessian' ? r.result.lambdaMax : r.kind === 'trace' ? r.result.mean : Number.NaN;
  return [...byStep]
    .sort(([a], [b]) => a - b)
    .map(([step, runs]) => {
      const row: Record<string, number | [number, number]> = { step };
      for (const [runId, seeds] of runs) {
        const { mean, band } = overSeeds(seeds.map(value), mode);
        row[runId] = mean;
        if (band) row[`${runId}:band`] = band;
        const only = seeds.length === 1 ? seeds[0] : undefined;
        if (only?.kind === 'trace') row[`${runId}:se`] = only.result.standardError ?? 0;
      }
      return row;
    });
}

/**
 * The latest common-ρ flips of each run under the three adversaries (the BiSAM claim at matched
 * weights): the mean over seeds, with `<adversary>:error` = [below, above] the mean for error bars.
 */
export function flipRows(
  records: readonly ProbeRecord[],
  runNames: ReadonlyMap<string, string>,
  mode: BandMode = 'std',
) {
  return [...latestSeedsByRun(records, 'common')].map(([runId, seeds]) => {
    const row: Record<string, string | number | [number, number]> = {
      run: runNames.get(runId) ?? runId,
      step: seeds[0]?.step ?? 0,
    };
    for (const a of ADVERSARIES) {
      const { mean, band } = overSeeds(
        seeds.map((r) => r.result[a].flips),
        mode,
      );
      row[a] = mean;
      if (band) row[`${a}:error`] = [mean - band[0], band[1] - mean];
    }
    return row;
  });
}

type LineRecord = RecordOf<'line'>;

/** Where a line starts: 'init', or the key of the run whose weights it starts at. */
export const lineStart = (record: LineRecord): string => record.result.from ?? 'init';

/** Every seed's line of each (start, run) pair at its newest step: init → run, and each run → run line. */
export function latestLines(records: readonly ProbeRecord[]): LineRecord[][] {
  const newest = new Map<string, number>();
  const pairOf = (record: LineRecord) => `${lineStart(record)}\u0000${record.runId}`;
  const lines = recordsOf(records, 'line');
  for (const record of lines)
    newest.set(pairOf(record), Math.max(record.step, newest.get(pairOf(record)) ?? record.step));
  const seeds = new Map<string, Map<number, LineRecord>>();
  for (const record of lines) {
    if (record.step !== newest.get(pairOf(record))) continue;
    const bySeed = seeds.get(pairOf(record)) ?? new Map<number, LineRecord>();
    bySeed.set(record.replica ?? 0, record);
    seeds.set(pairOf(record), bySeed);
  }
  // In the order the pairs were first probed, so a line keeps its colour slot as it is re-probed.
  return [...newest.keys()].map((pair) => [...(seeds.get(pair)?.values() ?? [])]);
}

/**
 * One row per t: the loss of line i (mean over its seeds) in column `line<i>`, and with two seeds or
 * more its band in `line<i>:band` (lines may have different grids).
 */
export function lineRows(
  lines: readonly (readonly LineRecord[])[],
  mode: BandMode = 'std',
): Record<string, number | [number, number]>[] {
  const byT = new Map<number, Record<string, number | [number, number]>>();
  for (const [i, seeds] of lines.entries())
    for (const [j, t] of (seeds[0]?.result.t ?? []).entries()) {
      const row = byT.get(t) ?? { t };
      const { mean, band } = overSeeds(
        seeds.map((line) => line.result.loss[j] ?? Number.NaN),
        mode,
      );
      row[`line${i}`] = mean;
      if (band) row[`line${i}:band`] = band;
      byT.set(t, row);
    }
  return [...byT.values()].sort((a, b) => (a.t as number) - (b.t as number));
}

/**
 * The probe records an imported bundle brought, keyed like its runs on the page (`<import id>/<run
 * id>`, also a line's start run), so the probe charts draw them beside the live ones.
 */
export function importedProbeRecords(imported: readonly ImportedBundle[]): ProbeRecord[] {
  return imported.flatMap((bundle) =>
    bundle.events.flatMap((event): ProbeRecord[] => {
      if (event.kind !== 'probe') return [];
      const key = (runId: string) => `${bundle.id}/${runId}`;
      const record = { ...event.record, runId: key(event.record.runId) };
      if (record.kind !== 'line' || lineStart(record) === 'init') return [record];
      return [{ ...record, result: { ...record.result, from: key(lineStart(record)) } }];
    }),
  );
}
