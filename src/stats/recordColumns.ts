/**
 * Seed-table columns of the probes and of the robust evaluation, from their records (one per replica
 * of a run and step): each run at its latest probed or evaluated step, replica k paired with the
 * baseline's replica k (every seed of every run was probed on the same batch and vectors, and attacked
 * from the same starts and noise). The CLI prints them, the page shows them.
 */
import type { ProbeKind, ProbeRecord } from '../config/probes';
import type { RobustRecord } from '../config/robust';
import { ACCURACY_POINTS, PLAIN_NUMBER, type VerdictFormat } from './compare';
import { perSeed, type SeedColumn, type SeedValues, seedColumn } from './seedColumns';

/** Which runs hold how many seeds, and the run the others are compared with. */
export interface SeedTableScope {
  readonly replicaCount: (runId: string) => number;
  readonly baseline: string;
}

type RecordOf<K extends ProbeKind> = Extract<ProbeRecord, { kind: K }>;
const FLIPS: VerdictFormat = { scale: 1, unit: 'flips', digits: 1 };
const fourDigits = (value: number) => (Number.isFinite(value) ? value.toPrecision(4) : '—');
const oneDecimal = (value: number) => value.toFixed(1);
export const percent = (value: number) => (100 * value).toFixed(2);

/** One measured number per seed of each run, before it becomes a column tested against a baseline. */
export interface SeedSeries {
  readonly header: string;
  readonly format: (value: number) => string;
  readonly values: SeedValues;
  readonly verdict: VerdictFormat;
}

const tested = (
  header: string,
  format: (v: number) => string,
  values: SeedValues,
  verdict: VerdictFormat,
): SeedSeries => ({ header, format, values, verdict });

const columnsOf = (series: readonly SeedSeries[], baseline: string): SeedColumn[] =>
  series.map(({ header, format, values, verdict }) =>
    seedColumn(header, format, values, baseline, { name: header, format: verdict }),
  );

/** λ_max, the trace and the common-ρ flips per adversary, for the kinds `records` hold. */
export function probeSeedColumns(records: readonly ProbeRecord[], scope: SeedTableScope): SeedColumn[] {
  return columnsOf(probeSeedSeries(records, scope.replicaCount), scope.baseline);
}

/** The values behind `probeSeedColumns`: each run at its latest probed step, replica k at index k. */
export function probeSeedSeries(
  records: readonly ProbeRecord[],
  replicaCount: SeedTableScope['replicaCount'],
): SeedSeries[] {
  const latest = <K extends ProbeKind>(kind: K, read: (record: RecordOf<K>) => number) => {
    const of = records.filter((r): r is RecordOf<K> => r.kind === kind);
    const stepOf = (runId: string) => Math.max(-1, ...of.filter((r) => r.runId === runId).map((r) => r.step));
    return perSeed(replicaCount, (runId, k) => {
      const record = of.find((r) => r.runId === runId && (r.replica ?? 0) === k && r.step === stepOf(runId));
      return record && read(record);
    });
  };
  const has = (kind: ProbeKind) => records.some((r) => r.kind === kind);
  return [
    ...(has('hessian')
      ? [
          tested(
            'λ_max',
            fourDigits,
            latest('hessian', (r) => r.result.lambdaMax),
            PLAIN_NUMBER,
          ),
        ]
      : []),
    ...(has('trace')
      ? [
          tested(
            'trace',
            fourDigits,
            latest('trace', (r) => r.result.mean),
            PLAIN_NUMBER,
          ),
        ]
      : []),
    ...(has('common')
      ? [
          tested(
            'flips CE',
            oneDecimal,
            latest('common', (r) => r.result.ce.flips),
            FLIPS,
          ),
          tested(
            'flips Q_tanh',
            oneDecimal,
            latest('common', (r) => r.result.qTanh.flips),
            FLIPS,
          ),
          tested(
            'flips Q_log',
            oneDecimal,
            latest('common', (r) => r.result.qLog.flips),
            FLIPS,
          ),
        ]
      : []),
  ];
}

/**
 * Accuracies (in %) at the latest robust evaluation: clean, then FGSM and PGD per ε and noise per σ;
 * `levels: 'largest'` keeps only the largest ε and σ (the page's short table).
 */
export function robustSeedColumns(
  records: readonly RobustRecord[],
  scope: SeedTableScope,
  levels: 'all' | 'largest' = 'all',
): SeedColumn[] {
  return columnsOf(robustSeedSeries(records, scope.replicaCount, levels), scope.baseline);
}

/** The values behind `robustSeedColumns`: the latest evaluation, replica k at index k. */
export function robustSeedSeries(
  records: readonly RobustRecord[],
  replicaCount: SeedTableScope['replicaCount'],
  levels: 'all' | 'largest' = 'all',
): SeedSeries[] {
  const step = records.at(-1)?.step;
  const latest = records.filter((r) => r.step === step);
  const first = latest[0];
  if (!first) return [];
  const { eps, sigmas, pgdSteps } = first;
  const shown = (list: readonly number[]) =>
    list.flatMap((level, index) =>
      levels === 'all' || level === Math.max(...list) ? [{ level, index }] : [],
    );
  const column = (header: string, read: (record: RobustRecord) => number | undefined) =>
    tested(
      header,
      percent,
      perSeed(replicaCount, (runId, k) => {
        const record = latest.find((r) => r.runId === runId && (r.replica ?? 0) === k);
        return record && read(record);
      }),
      ACCURACY_POINTS,
    );
  return [
    column('clean %', (r) => r.clean),
    ...(first.fgsm.length > 0
      ? shown(eps).map(({ level, index }) => column(`FGSM ${level} %`, (r) => r.fgsm[index]))
      : []),
    ...(first.pgd.length > 0
      ? shown(eps).map(({ level, index }) => column(`PGD-${pgdSteps} ${level} %`, (r) => r.pgd[index]))
      : []),
    ...(first.noise.length > 0
      ? shown(sigmas).map(({ level, index }) => column(`noise ${level} %`, (r) => r.noise[index]))
      : []),
  ];
}
