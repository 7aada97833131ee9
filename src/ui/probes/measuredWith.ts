/**
 * Which settings a chart's probe records were measured with, in one line under the chart, so records
 * made before and after a mid-run change of P, k, ρ_probe, … are told apart rather than read as one
 * series (pure, for tests).
 */
import type { ProbeMeasureKey } from '../../config/probeKnobs';
import type { ProbeKind, ProbeRecord, ProbeRecordSettings } from '../../config/probes';

const SYMBOLS: Record<ProbeMeasureKey, string> = {
  size: 'P',
  iterations: 'k',
  traceSamples: 'n',
  rho: 'ρ',
  mu: 'μ',
  alpha: 'α',
  linePoints: 'points',
  gridSize: 'grid',
};

export function settingsText(settings: ProbeRecordSettings | undefined): string {
  const known = Object.entries(settings ?? {}).filter(([, value]) => value !== undefined);
  if (known.length === 0) return 'settings not recorded';
  return known.map(([key, value]) => `${SYMBOLS[key as ProbeMeasureKey]} = ${value}`).join(', ');
}

const range = (low: number, high: number) => (low === high ? `step ${low}` : `steps ${low}–${high}`);

/** "Measured with P = 512, k = 20.", or each setting with the steps it covers when they changed. */
export function measuredWith(records: readonly ProbeRecord[], kind: ProbeKind): string | undefined {
  const steps = new Map<string, { low: number; high: number }>();
  for (const record of records) {
    if (record.kind !== kind) continue;
    const text = settingsText(record.settings);
    const seen = steps.get(text);
    steps.set(text, {
      low: Math.min(record.step, seen?.low ?? record.step),
      high: Math.max(record.step, seen?.high ?? record.step),
    });
  }
  if (steps.size === 0) return undefined;
  if (steps.size === 1) return `Measured with ${[...steps.keys()][0]}.`;
  const parts = [...steps]
    .sort(([, a], [, b]) => a.low - b.low)
    .map(([text, { low, high }]) => `${text} at ${range(low, high)}`);
  return `Settings changed: ${parts.join('; ')}.`;
}
