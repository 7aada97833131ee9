/**
 * A run trained over several seeds, as the page keeps it: each replica's own series, and the run's
 * series holding their mean per step (so smoothing, the crosshair, the summary and the exports read
 * the mean like any one-seed run), with the spread beside it (std, min, max) for the bands. Replicas
 * step in lockstep, so index i of every replica is the same step; a step is averaged once every
 * replica still training has it. A diverged replica stays visible on its own but leaves the mean and
 * the band altogether (they are averaged again without it), so they always describe the same seeds.
 */
import type { EvaluationRecord, StepMetricName } from '../config/metrics';
import type { RobustAttack, RobustRecord } from '../config/robust';
import { mean, sampleStd } from '../stats/describe';
import type { RunSeries, SeedSpread } from './store';

const emptySpread = (): SeedSpread => ({ std: [], min: [], max: [] });

/** Appends the spread of `values` (finite ones only) to `spread`; returns their mean. */
export function pushSpread(spread: SeedSpread, values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  spread.std.push(finite.length >= 2 ? sampleStd(finite) : Number.NaN);
  spread.min.push(finite.length > 0 ? Math.min(...finite) : Number.NaN);
  spread.max.push(finite.length > 0 ? Math.max(...finite) : Number.NaN);
  return finite.length > 0 ? mean(finite) : Number.NaN;
}

/** Replicas that still count for index `index`: every one not diverged, each only where it has data. */
const contributors = (replicas: readonly RunSeries[], index: number, length: (r: RunSeries) => number) =>
  replicas.filter((replica) => replica.status !== 'diverged' && length(replica) > index);

/** How many indices every replica still training has reached (all if none trains). */
function readyCount(replicas: readonly RunSeries[], length: (r: RunSeries) => number): number {
  const training = replicas.filter((replica) => replica.status !== 'diverged');
  if (training.length === 0) return 0;
  return Math.min(...training.map(length));
}

/** Averages the steps every replica has now reached into `run` (its series holds the mean). */
export function aggregateSteps(run: RunSeries): void {
  const replicas = run.replicas ?? [];
  const ready = readyCount(replicas, (r) => r.steps.length);
  run.spread ??= {};
  const spread = run.spread;
  for (let i = run.steps.length; i < ready; i++) {
    const from = contributors(replicas, i, (r) => r.steps.length);
    const first = from[0] as RunSeries;
    run.steps.push(first.steps[i] as number);
    run.wallMs.push(first.wallMs[i] as number);
    const names = new Set(from.flatMap((r) => Object.keys(r.values) as StepMetricName[]));
    for (const name of names) {
      const column = run.values[name] ?? new Array<number>(i).fill(Number.NaN);
      const metricSpread = spread[name] ?? padded(i);
      run.values[name] = column;
      spread[name] = metricSpread;
      column.push(
        pushSpread(
          metricSpread,
          from.map((r) => r.values[name]?.[i] ?? Number.NaN),
        ),
      );
    }
    for (const column of Object.values(run.values))
      while (column.length < run.steps.length) column.push(Number.NaN);
    for (const s of Object.values(spread))
      for (const part of [s.std, s.min, s.max]) while (part.length < run.steps.length) part.push(Number.NaN);
  }
}

const padded = (length: number): SeedSpread => {
  const spread = emptySpread();
  for (const part of [spread.std, spread.min, spread.max])
    for (let i = 0; i < length; i++) part.push(Number.NaN);
  return spread;
};

/** Sums confusion matrices over replicas (per-class accuracy then reads the pooled counts). */
function pooledConfusion(records: readonly EvaluationRecord[]): number[][] | undefined {
  const matrices = records.map((r) => r.confusion).filter((m) => m !== undefined);
  const first = matrices[0];
  if (!first) return undefined;
  return first.map((row, t) => row.map((_, p) => matrices.reduce((sum, m) => sum + (m[t]?.[p] ?? 0), 0)));
}

/** The data-regime numbers of replicas' records: memorisation averaged, replica 0's decision boundary. */
function regimeFields(records: readonly EvaluationRecord[]): Partial<EvaluationRecord> {
  const mean = (key: 'noisyTrueAccuracy' | 'noisyLabelAccuracy') => {
    const values = records.flatMap((r) => (r[key] === undefined ? [] : [r[key]]));
    return values.length === 0 ? {} : { [key]: values.reduce((a, b) => a + b, 0) / values.length };
  };
  const boundary = records[0]?.boundary;
  return { ...mean('noisyTrueAccuracy'), ...mean('noisyLabelAccuracy'), ...(boundary ? { boundary } : {}) };
}

/** Averages the evaluations every replica has now reached: the mean record and its spread. */
export function aggregateEvaluations(run: RunSeries): void {
  const replicas = run.replicas ?? [];
  const ready = readyCount(replicas, (r) => r.evaluations.length);
  run.evaluationSpread ??= { testLoss: emptySpread(), testAccuracy: emptySpread() };
  for (let j = run.evaluations.length; j < ready; j++) {
    const records = contributors(replicas, j, (r) => r.evaluations.length).map(
      (r) => r.evaluations[j] as EvaluationRecord,
    );
    const first = records[0] as EvaluationRecord;
    const confusion = pooledConfusion(records);
    run.evaluations.push({
      runId: first.runId,
      step: first.step,
      testLoss: pushSpread(
        run.evaluationSpread.testLoss,
        records.map((r) => r.testLoss),
      ),
      testAccuracy: pushSpread(
        run.evaluationSpread.testAccuracy,
        records.map((r) => r.testAccuracy),
      ),
      ...regimeFields(records),
      ...(confusion
        ? {
            confusion,
            perClassAccuracy: confusion.map(
              (row, t) =>
                (row[t] ?? 0) /
                Math.max(
                  1,
                  row.reduce((a, b) => a + b, 0),
                ),
            ),
          }
        : {}),
    });
  }
}

/** Where one accuracy of a robust record keeps its spread: `clean`, `fgsm:8`, `pgd:8`, `noise:0.1`. */
export const robustKey = (attack: 'clean' | RobustAttack, level?: number): string =>
  level === undefined ? attack : `${attack}:${level}`;

/**
 * Averages the robust evaluations every replica has now reached: the mean record (its cost summed
 * over the seeds, what the run's evaluation cost) and the spread of each accuracy.
 */
export function aggregateRobust(run: RunSeries): void {
  const replicas = run.replicas ?? [];
  const ready = readyCount(replicas, (r) => r.robust.length);
  run.robustSpread ??= {};
  const spreads = run.robustSpread;
  for (let j = run.robust.length; j < ready; j++) {
    const records = contributors(replicas, j, (r) => r.robust.length).map((r) => r.robust[j] as RobustRecord);
    const { replica: _, ...first } = records[0] as RobustRecord;
    const meanOf = (key: string, values: number[]) => {
      spreads[key] ??= padded(j);
      return pushSpread(spreads[key], values);
    };
    const list = (attack: RobustAttack, levels: readonly number[]) =>
      first[attack].map((_, i) =>
        meanOf(
          robustKey(attack, levels[i]),
          records.map((r) => r[attack][i] ?? Number.NaN),
        ),
      );
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    run.robust.push({
      ...first,
      clean: meanOf(
        'clean',
        records.map((r) => r.clean),
      ),
      fgsm: list('fgsm', first.eps),
      pgd: list('pgd', first.eps),
      noise: list('noise', first.sigmas),
      gradientEvaluations: sum(records.map((r) => r.gradientEvaluations)),
      ms: sum(records.map((r) => r.ms)),
    });
    for (const s of Object.values(spreads))
      for (const part of [s.std, s.min, s.max]) while (part.length < run.robust.length) part.push(Number.NaN);
  }
}

/** The run's mean and spread computed afresh from `replicas` (new arrays: chart caches key on them). */
export function reaggregated(run: RunSeries, replicas: RunSeries[]): RunSeries {
  const fresh: RunSeries = {
    ...run,
    steps: [],
    values: {},
    wallMs: [],
    evaluations: [],
    robust: [],
    replicas,
    spread: undefined,
    evaluationSpread: undefined,
    robustSpread: undefined,
  };
  aggregateSteps(fresh);
  aggregateEvaluations(fresh);
  aggregateRobust(fresh);
  return fresh;
}
