/**
 * The report of `npx tsx tools/cli/pairs.ts RESULT.json [RUN~BASELINE ...]`: paired tests between any two runs of a
 * `npm run train -- --seeds … --json` result, where the CLI compares every run with one baseline only. For each
 * pair (default: every pair) it compares the final test accuracy and the probe and robust numbers the CLI's seed
 * tables hold (the same per-seed series, src/stats/recordColumns.ts), paired by seed; and for each run, the flips
 * under BiSAM's adversaries against SAM's CE adversary at the same weights (the BiSAM paper's claim, measured at
 * matched weights).
 */
import type { ProbeRecord } from '../../src/config/probes';
import type { RobustRecord } from '../../src/config/robust';
import { ACCURACY_POINTS, type VerdictFormat } from '../../src/stats/compare';
import { mean, sampleStd } from '../../src/stats/describe';
import { pairedTTest } from '../../src/stats/pairedTTest';
import { percent, probeSeedSeries, robustSeedSeries, type SeedSeries } from '../../src/stats/recordColumns';
import { perSeed } from '../../src/stats/seedColumns';

export interface TrainResult {
  readonly runs: {
    id: string;
    replicas: { replica: number; evaluations?: { step: number; testAccuracy: number }[] }[];
  }[];
  readonly probes: ProbeRecord[];
  readonly robust?: RobustRecord[];
}

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function line(label: string, a: readonly number[], b: readonly number[], { scale }: VerdictFormat): string {
  const test = pairedTTest(a, b);
  const difference = test.meanDifference * scale;
  return `${label}: ${difference >= 0 ? '+' : ''}${fmt(difference)} ± ${fmt(test.ciHalfWidth * scale)} (95% CI, n = ${test.n}), p = ${fmt(test.p, 3)}`;
}

/** The report's lines: each measure per run, then every pair's paired differences, then Q vs CE flips. */
export function pairReport(result: TrainResult, pairs?: readonly (readonly [string, string])[]): string[] {
  const ids = result.runs.map((r) => r.id);
  const replicasOf = (runId: string) => result.runs.find((r) => r.id === runId)?.replicas ?? [];
  const replicaCount = (runId: string) => replicasOf(runId).length;
  const chosen = pairs ?? ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [b, a] as const));
  const accuracy: SeedSeries = {
    header: 'final test acc %',
    format: percent,
    values: perSeed(replicaCount, (runId, k) => replicasOf(runId)[k]?.evaluations?.at(-1)?.testAccuracy),
    verdict: ACCURACY_POINTS,
  };
  const probes = probeSeedSeries(result.probes, replicaCount);
  const all = [accuracy, ...probes, ...robustSeedSeries(result.robust ?? [], replicaCount)];
  const lines = all.map(({ header, format, values }) => {
    const spread = (id: string) => `${format(mean(values(id)))} ± ${format(sampleStd(values(id)))}`;
    return `${header}: ${ids.map((id) => `${id} ${spread(id)}`).join(' | ')}`;
  });
  for (const [a, b] of chosen) {
    lines.push('', `${a} − ${b} (paired by seed)`);
    for (const { header, values, verdict } of all)
      lines.push(`  ${line(header, values(a), values(b), verdict)}`);
  }
  const flips = (header: string) => probes.find((series) => series.header === header);
  const [ce, qTanh, qLog] = ['flips CE', 'flips Q_tanh', 'flips Q_log'].map(flips);
  if (!ce || !qTanh || !qLog) return lines;
  lines.push('', 'flips at matched weights: BiSAM adversary − CE adversary, per run (paired by seed)');
  for (const id of ids) {
    const logLine = line('Q_log − CE', qLog.values(id), ce.values(id), qLog.verdict);
    const tanhLine = line('Q_tanh − CE', qTanh.values(id), ce.values(id), qTanh.verdict);
    lines.push(`  ${id}: ${logLine}; ${tanhLine}`);
  }
  return lines;
}
