/**
 * The report of `npx tsx tools/cli/pairs.ts RESULT.json [RUN~BASELINE ...]`: paired tests between any two runs of a `npm run train
 * -- --seeds … --json` result, where the CLI compares every run with one baseline only. For each pair (default:
 * every pair) it prints the final test accuracy, λ_max, CE-adversary flips and robust accuracies, paired by
 * seed; and for each run, the flips under BiSAM's adversaries against SAM's CE adversary at the same weights
 * (the BiSAM paper's claim, measured at matched weights).
 */
import type { Adversary, ProbeRecord } from '../../src/config/probes';
import type { RobustRecord } from '../../src/config/robust';
import { mean, sampleStd } from '../../src/stats/describe';
import { pairedTTest } from '../../src/stats/pairedTTest';

export interface TrainResult {
  readonly runs: {
    id: string;
    replicas: { replica: number; evaluations?: { step: number; testAccuracy: number }[] }[];
  }[];
  readonly probes: ProbeRecord[];
  readonly robust?: RobustRecord[];
}

type Measure = (runId: string) => number[];

/** Each seed's record at the run's last recorded step, by replica (undefined where a seed has none). */
function byReplica<T extends { runId: string; replica?: number; step: number }>(
  records: readonly T[],
  runId: string,
  seeds: number,
): (T | undefined)[] {
  const mine = records.filter((r) => r.runId === runId);
  const last = Math.max(...mine.map((r) => r.step));
  return Array.from({ length: seeds }, (_, k) => mine.find((r) => r.step === last && (r.replica ?? 0) === k));
}

const seedCount = (result: TrainResult) => Math.max(...result.runs.map((r) => r.replicas.length));

function measures(result: TrainResult): Record<string, Measure> {
  const seeds = seedCount(result);
  const probes = (kind: ProbeRecord['kind']) => (runId: string) =>
    byReplica(
      result.probes.filter((p) => p.kind === kind),
      runId,
      seeds,
    );
  const robust = (runId: string) => byReplica(result.robust ?? [], runId, seeds);
  const eps = result.robust?.[0]?.eps ?? [];
  const sigmas = result.robust?.[0]?.sigmas ?? [];
  return {
    'final test acc %': (runId) =>
      (result.runs.find((r) => r.id === runId)?.replicas ?? []).map(
        (r) => 100 * (r.evaluations?.at(-1)?.testAccuracy ?? NaN),
      ),
    λ_max: (runId) => probes('hessian')(runId).map((p) => (p?.kind === 'hessian' ? p.result.lambdaMax : NaN)),
    'flips under CE': (runId) =>
      probes('common')(runId).map((p) => (p?.kind === 'common' ? p.result.ce.flips : NaN)),
    'robust clean %': (runId) => robust(runId).map((r) => 100 * (r?.clean ?? NaN)),
    ...Object.fromEntries(
      eps.map((e, i) => [
        `FGSM ${e}/255 %`,
        (runId: string) => robust(runId).map((r) => 100 * (r?.fgsm[i] ?? NaN)),
      ]),
    ),
    ...Object.fromEntries(
      eps.map((e, i) => [
        `PGD ${e}/255 %`,
        (runId: string) => robust(runId).map((r) => 100 * (r?.pgd[i] ?? NaN)),
      ]),
    ),
    ...Object.fromEntries(
      sigmas.map((s, i) => [
        `noise σ ${s} %`,
        (runId: string) => robust(runId).map((r) => 100 * (r?.noise[i] ?? NaN)),
      ]),
    ),
  };
}

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function line(label: string, a: number[], b: number[]): string {
  const test = pairedTTest(a, b);
  return `${label}: ${test.meanDifference >= 0 ? '+' : ''}${fmt(test.meanDifference)} ± ${fmt(test.ciHalfWidth)} (95% CI, n = ${test.n}), p = ${fmt(test.p, 3)}`;
}

/** The report's lines: each measure per run, then every pair's paired differences, then Q vs CE flips. */
export function pairReport(result: TrainResult, pairs?: readonly (readonly [string, string])[]): string[] {
  const ids = result.runs.map((r) => r.id);
  const chosen = pairs ?? ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [b, a] as const));
  const all = Object.fromEntries(
    Object.entries(measures(result)).filter(([, measure]) =>
      ids.some((id) => measure(id).some(Number.isFinite)),
    ),
  );
  const lines = Object.entries(all).map(([name, measure]) => {
    const cells = ids.map((id) => `${id} ${fmt(mean(measure(id)))} ± ${fmt(sampleStd(measure(id)))}`);
    return `${name}: ${cells.join(' | ')}`;
  });
  for (const [a, b] of chosen) {
    lines.push('', `${a} − ${b} (paired by seed)`);
    for (const [name, measure] of Object.entries(all)) lines.push(`  ${line(name, measure(a), measure(b))}`);
  }
  const common = result.probes.filter((p) => p.kind === 'common');
  if (common.length === 0) return lines;
  lines.push('', 'flips at matched weights: BiSAM adversary − CE adversary, per run (paired by seed)');
  for (const id of ids) {
    const effects = byReplica(common, id, seedCount(result)).map((p) =>
      p?.kind === 'common' ? p.result : undefined,
    );
    const flips = (adversary: Adversary) => effects.map((c) => c?.[adversary].flips ?? NaN);
    const ce = flips('ce');
    const qLog = line('Q_log − CE', flips('qLog'), ce);
    const qTanh = line('Q_tanh − CE', flips('qTanh'), ce);
    lines.push(`  ${id}: ${qLog}; ${qTanh}`);
  }
  return lines;
}
