/** Probe records → what the probe charts draw (pure, so tests need no DOM). */
import { ADVERSARIES, type ProbeKind, type ProbeRecord } from '../../config/probes';
import type { ImportedBundle } from '../store';

type RecordOf<K extends ProbeKind> = Extract<ProbeRecord, { kind: K }>;

export function recordsOf<K extends ProbeKind>(records: readonly ProbeRecord[], kind: K): RecordOf<K>[] {
  return records.filter((r): r is RecordOf<K> => r.kind === kind);
}

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

/** One row per probed step, a column per run: λ_max, or the trace with its standard error in `<run>:se`. */
export function rowsOverSteps(
  records: readonly ProbeRecord[],
  kind: 'hessian' | 'trace',
): Record<string, number>[] {
  const byStep = new Map<number, Record<string, number>>();
  for (const record of records) {
    if (record.kind !== kind) continue;
    const row = byStep.get(record.step) ?? { step: record.step };
    if (record.kind === 'hessian') row[record.runId] = record.result.lambdaMax;
    if (record.kind === 'trace') {
      row[record.runId] = record.result.mean;
      row[`${record.runId}:se`] = record.result.standardError ?? 0;
    }
    byStep.set(record.step, row);
  }
  return [...byStep.values()].sort((a, b) => (a.step as number) - (b.step as number));
}

/** The latest common-ρ flips of each run under the three adversaries: the BiSAM claim at matched weights. */
export function flipRows(records: readonly ProbeRecord[], runNames: ReadonlyMap<string, string>) {
  return [...latestByRun(records, 'common').values()].map((record) => ({
    run: runNames.get(record.runId) ?? record.runId,
    step: record.step,
    ...Object.fromEntries(ADVERSARIES.map((a) => [a, record.result[a].flips])),
  }));
}

type LineRecord = RecordOf<'line'>;

/** Where a line starts: 'init', or the key of the run whose weights it starts at. */
export const lineStart = (record: LineRecord): string => record.result.from ?? 'init';

/** The newest line of each (start, run) pair: init → run, and each run → run line asked for. */
export function latestLines(records: readonly ProbeRecord[]): LineRecord[] {
  const latest = new Map<string, LineRecord>();
  for (const record of recordsOf(records, 'line')) {
    const pair = `${lineStart(record)}\u0000${record.runId}`;
    const held = latest.get(pair);
    if (!held || record.step >= held.step) latest.set(pair, record);
  }
  return [...latest.values()];
}

/** One row per t, the loss of line i in column `line<i>` (lines may have different grids). */
export function lineRows(lines: readonly LineRecord[]): Record<string, number>[] {
  const byT = new Map<number, Record<string, number>>();
  for (const [i, line] of lines.entries())
    for (const [j, t] of line.result.t.entries()) {
      const row = byT.get(t) ?? { t };
      row[`line${i}`] = line.result.loss[j] as number;
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
