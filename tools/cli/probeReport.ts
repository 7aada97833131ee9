/**
 * The probes' part of `npm run train`: a line per finished probe on stderr, and the summary table
 * (with seeds: mean ± std over seeds and the paired tests against the baseline).
 */
import type { ProbeRecord } from '../../src/config/probes';
import { probeSeedColumns } from '../../src/stats/recordColumns';
import type { RunGroup } from './runGroups';
import { replicaCountOf, seedStatisticsTable } from './seedReport';

const g = (value: number, digits = 4) => (Number.isFinite(value) ? value.toPrecision(digits) : '—');

/** What a finished probe found, in a few words. */
export function probeFinding(record: ProbeRecord): string {
  switch (record.kind) {
    case 'hessian':
      return `λ_max ${g(record.result.lambdaMax)}`;
    case 'trace': {
      const { mean, standardError } = record.result;
      return `trace ${g(mean)} ± ${g(standardError ?? Number.NaN, 2)}`;
    }
    case 'common': {
      const { ce, qTanh, qLog } = record.result;
      return `flips CE ${ce.flips}, Q_tanh ${qTanh.flips}, Q_log ${qLog.flips}; ΔL CE ${g(ce.lossIncrease, 3)}`;
    }
    case 'line': {
      const { loss, t } = record.result;
      const lowest = loss.indexOf(Math.min(...loss));
      return `line from ${record.result.from ?? 'init'}: lowest loss ${g(loss[lowest] as number)} at t = ${g(t[lowest] as number, 3)}`;
    }
    case 'surface': {
      const { loss } = record.result;
      const middle = Math.floor(loss.length / 2);
      const flat = loss.flat();
      return `surface: loss ${g(loss[middle]?.[middle] as number)} at the centre, ${g(Math.max(...flat))} highest`;
    }
  }
}

export function probeLine(record: ProbeRecord): string {
  const { gradientEvaluations, forwardEvaluations, ms } = record.spend;
  const cost = `${g(gradientEvaluations, 3)} gradient + ${g(forwardEvaluations, 3)} forward evaluations, ${(ms / 1000).toFixed(1)} s`;
  const seed = record.replica ? `#${record.replica}` : '';
  return `probe ${record.kind} ${record.runId}${seed}@${record.step}: ${probeFinding(record)} (${cost})`;
}

/** The last finding of each probe kind per run. */
export function probeSummary(records: readonly ProbeRecord[], runIds: readonly string[]): string {
  const kinds = [...new Set(records.map((r) => r.kind))];
  if (kinds.length === 0) return '';
  const lines = ['probes (the latest of each, same probe batch and vectors for every run):'];
  for (const runId of runIds) {
    for (const kind of kinds) {
      const latest = records.filter((r) => r.runId === runId && r.kind === kind).at(-1);
      if (latest)
        lines.push(`  ${runId.padEnd(12)} @${String(latest.step).padEnd(6)} ${probeFinding(latest)}`);
    }
  }
  return lines.join('\n');
}

/**
 * The scalar probes over seeds, each run at its latest probed step (the same step for every run on
 * a schedule): λ_max, the trace and the common-ρ flips per adversary, as mean ± std [95% CI], with
 * paired tests against `baseline` (replica k of every run was probed on the same batch and vectors).
 */
export function probeSeedTable(
  records: readonly ProbeRecord[],
  groups: readonly RunGroup[],
  baseline: string,
  seedsText: string,
): string {
  const columns = probeSeedColumns(records, { replicaCount: replicaCountOf(groups), baseline });
  if (columns.length === 0) return '';
  const title = `probes over seeds ${seedsText} (latest of each): mean ± std [95% CI]; every seed of every run on the same probe batch and vectors`;
  return seedStatisticsTable(title, groups, columns, baseline);
}
