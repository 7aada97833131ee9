/** What `npm run train` shows and writes: the progress line, the final table, the JSON document. */
import type { Run } from '../../src/engine/session/run';
import { mean, sampleStd } from '../../src/stats/describe';
import type { BaselineComparison, RunStatistics } from '../../src/stats/runStatistics';
import { keyOf, type MetricLog } from './metricLog';
import type { RunGroup } from './runGroups';
import type { StepTimer } from './stepTimer';
import type { TrainOptions } from './trainFlags';

/** Training metrics in the table are means over this fraction of the last steps (one batch is noisy). */
const RECENT_FRACTION = 0.1;

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const percent = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? '—' : `${(100 * value).toFixed(2)}%`;

/** One number per replica → `x` for one seed, `x ± std` for several (NaN replicas left out). */
function overSeeds(values: readonly number[], format: (value: number) => string): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '—';
  if (values.length === 1) return format(finite[0] as number);
  const std = sampleStd(finite);
  return Number.isFinite(std) ? `${format(mean(finite))} ± ${format(std)}` : format(mean(finite));
}

const live = (group: RunGroup) => group.replicas.filter((run) => run.phase !== 'diverged');

export function progressLine(
  step: number,
  total: number,
  elapsedMs: number,
  groups: readonly RunGroup[],
  log: MetricLog,
): string {
  const rate = step / Math.max(elapsedMs / 1000, 1e-9);
  const eta = (total - step) / Math.max(rate, 1e-9);
  const perRun = groups
    .map((group) => {
      const runs = live(group);
      if (runs.length === 0) return `${group.id} diverged`;
      const loss = mean(runs.map((run) => log.latest(keyOf(run), 'loss')));
      const accuracy = mean(runs.map((run) => log.latest(keyOf(run), 'accuracy')));
      return `${group.id} ${fixed(loss, 3)}/${percent(accuracy)}`;
    })
    .join(' | ');
  return `step ${step}/${total}  ${rate.toFixed(1)} steps/s  eta ${Math.round(eta)}s | ${perRun}`;
}

function divergedLabel(group: RunGroup): string {
  const diverged = group.replicas.filter((run) => run.phase === 'diverged');
  if (diverged.length === 0) return group.id;
  if (group.replicas.length === 1) return `${group.id} (diverged at ${diverged[0]?.divergedAtStep})`;
  return `${group.id} (${diverged.length} of ${group.replicas.length} seeds diverged)`;
}

export function finalTable(
  options: TrainOptions,
  testExamples: number,
  groups: readonly RunGroup[],
  log: MetricLog,
  timer: StepTimer,
): string {
  const window = Math.max(1, Math.round(options.steps * RECENT_FRACTION));
  const header = [
    'run',
    'test acc',
    'test loss',
    'train loss',
    'sharpness',
    'flip rate',
    'passes',
    'ms/step',
  ];
  const rows = groups.map((group) => {
    const runs = live(group);
    const perReplica = (read: (run: Run, key: string) => number | undefined) =>
      runs.map((run) => read(run, keyOf(run)) ?? Number.NaN);
    // SGD measures these only every k-th step: widen its window to hold at least one probe.
    const probeWindow = (run: Run) => Math.max(window, run.hparams.sgdProbeEvery);
    return [
      divergedLabel(group),
      overSeeds(
        perReplica((_, key) => log.lastEvaluation(key)?.testAccuracy),
        (v) => percent(v),
      ),
      overSeeds(
        perReplica((_, key) => log.lastEvaluation(key)?.testLoss),
        (v) => fixed(v, 4),
      ),
      overSeeds(
        perReplica((_, key) => log.recentMean(key, 'loss', window)),
        (v) => fixed(v, 4),
      ),
      overSeeds(
        perReplica((run, key) => log.recentMean(key, 'sharpness', probeWindow(run))),
        (v) => fixed(v, 4),
      ),
      overSeeds(
        perReplica((run, key) => log.recentMean(key, 'flipRate', probeWindow(run))),
        (v) => percent(v),
      ),
      String(group.replicas[0]?.gradEvalsPerStep),
      fixed(mean(group.replicas.map((run) => timer.msPerStep(keyOf(run)))), 1),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join('  ');
  const first = groups[0]?.replicas[0];
  const evalStep = first ? log.lastEvaluation(keyOf(first))?.step : undefined;
  const seeds = options.seeds > 1 ? ` Each cell: mean ± std over ${options.seeds} seeds.` : '';
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `test: first ${testExamples} test examples at step ${evalStep}; train loss, sharpness, flip rate: mean of the last ${window} steps;`,
    'passes: forward-backward passes per step (OPTIMIZER_INFO.gradEvalsPerStep); ms/step: wall time inside',
    `optimizer.step (synchronous backend), excluding batch upload, readback and evaluation.${seeds}`,
  ].join('\n');
}

export interface ReportContext {
  readonly backend: string;
  readonly paramCount: number;
  readonly elapsedMs: number;
  readonly argv: readonly string[];
}

export function jsonReport(
  options: TrainOptions,
  context: ReportContext,
  groups: readonly RunGroup[],
  statistics: { perRun: ReadonlyMap<string, RunStatistics>; comparisons: readonly BaselineComparison[] },
  log: MetricLog,
  timer: StepTimer,
): Record<string, unknown> {
  return {
    argv: context.argv,
    backend: context.backend,
    dataset: options.dataset,
    ...(options.datasetPath ? { datasetPath: options.datasetPath } : {}),
    ...(options.toyNoise === undefined ? {} : { toyNoise: options.toyNoise }),
    ...(options.subset === undefined ? {} : { subset: options.subset }),
    ...(options.labelNoise ? { labelNoise: options.labelNoise } : {}),
    ...(options.augment ? { augment: options.augment } : {}),
    model: options.model,
    paramCount: context.paramCount,
    steps: options.steps,
    batch: options.batch,
    seed: options.seed,
    seeds: options.seeds,
    sweep: options.sweep,
    baseline: options.baseline,
    evalExamples: options.evalExamples,
    elapsedSeconds: context.elapsedMs / 1000,
    timing:
      'msPerStep = mean wall time of optimizer.step on a synchronous backend (no readback barrier needed)',
    runs: groups.map((group) => {
      const first = group.replicas[0] as Run;
      return {
        id: group.id,
        name: group.name,
        optimizer: first.config.optimizer,
        hparams: first.config.hparams,
        gradEvalsPerStep: first.optimizer.gradEvalsPerStep,
        statistics: statistics.perRun.get(group.id),
        comparison: statistics.comparisons.find((c) => c.runId === group.id),
        replicas: group.replicas.map((run) => {
          const runLog = log.runs.get(keyOf(run));
          return {
            replica: run.replica,
            seed: run.seed,
            status: run.phase,
            divergedAtStep: run.divergedAtStep ?? null,
            msPerStep: timer.msPerStep(keyOf(run)),
            steps: runLog?.steps ?? [],
            // NaN (not measured that step) becomes null in JSON.
            metrics: Object.fromEntries(runLog?.metrics ?? []),
            evaluations: runLog?.evaluations ?? [],
          };
        }),
      };
    }),
  };
}
