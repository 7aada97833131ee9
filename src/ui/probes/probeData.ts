/** Probe records → what the probe charts draw (pure, so tests need no DOM). */
import { ADVERSARIES, type ProbeKind, type ProbeRecord } from '../../config/probes';
import type { ImportedBundle } from '../store';

type RecordOf<K extends ProbeKind> = Extract<ProbeRecord, { kind: K }>;

export function recordsOf<K extends ProbeKind>(records: readonly ProbeRecord[], kind: K): RecordOf<K>[] {
  return records.filter((r): r is RecordOf<K> => r.kind === kind);
}

/** The probe records of imported bundles under their runs' page keys (`<import id>/<run id>`), to draw beside the live ones. */
export function importedProbeRecords(
  imported: readonly Pick<ImportedBundle, 'id' | 'events'>[],
): ProbeRecord[] {
  return imported.flatMap((bundle) =>
    bundle.events.flatMap((event) =>
      event.kind === 'probe' ? [{ ...event.record, runId: `${bundle.id}/${event.runId}` }] : [],
    ),
  );
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
