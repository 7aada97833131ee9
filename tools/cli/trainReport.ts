/** What `npm run train` shows and writes: the progress line, the final table, the JSON document. */
import type { Run } from '../../src/engine/session/run';
import type { MetricLog } from './metricLog';
import type { StepTimer } from './stepTimer';
import type { TrainOptions } from './trainFlags';

/** Training metrics in the table are means over this fraction of the last steps (one batch is noisy). */
const RECENT_FRACTION = 0.1;

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const percent = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? '—' : `${(100 * value).toFixed(2)}%`;

export function progressLine(
  step: number,
  total: number,
  elapsedMs: number,
  runs: readonly Run[],
  log: MetricLog,
): string {
  const rate = step / Math.max(elapsedMs / 1000, 1e-9);
  const eta = (total - step) / Math.max(rate, 1e-9);
  const perRun = runs
    .map((run) => {
      const id = run.config.id;
      if (run.phase === 'diverged') return `${id} diverged`;
      return `${id} ${fixed(log.latest(id, 'loss'), 3)}/${percent(log.latest(id, 'accuracy'))}`;
    })
    .join(' | ');
  return `step ${step}/${total}  ${rate.toFixed(1)} steps/s  eta ${Math.round(eta)}s | ${perRun}`;
}

export function finalTable(
  options: TrainOptions,
  testExamples: number,
  runs: readonly Run[],
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
  const rows = runs.map((run) => {
    const id = run.config.id;
    const evaluation = log.lastEvaluation(id);
    return [
      run.phase === 'diverged' ? `${id} (diverged at ${run.divergedAtStep})` : id,
      percent(evaluation?.testAccuracy),
      fixed(evaluation?.testLoss ?? Number.NaN, 4),
      fixed(log.recentMean(id, 'loss', window), 4),
      // SGD measures these only every k-th step: widen its window to hold at least one probe.
      fixed(log.recentMean(id, 'sharpness', Math.max(window, run.hparams.sgdProbeEvery)), 4),
      percent(log.recentMean(id, 'flipRate', Math.max(window, run.hparams.sgdProbeEvery))),
      String(run.gradEvalsPerStep),
      fixed(timer.msPerStep(id), 1),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join('  ');
  const evalStep = log.lastEvaluation(runs[0]?.config.id ?? '')?.step;
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `test: first ${testExamples} test examples at step ${evalStep}; train loss, sharpness, flip rate: mean of the last ${window} steps;`,
    'passes: forward-backward passes per step (OPTIMIZER_INFO.gradEvalsPerStep); ms/step: wall time inside',
    'optimizer.step (synchronous backend), excluding batch upload, readback and evaluation.',
  ].join('\n');
}

export function jsonReport(
  options: TrainOptions,
  context: { backend: string; paramCount: number; elapsedMs: number; argv: readonly string[] },
  runs: readonly Run[],
  log: MetricLog,
  timer: StepTimer,
): Record<string, unknown> {
  return {
    argv: context.argv,
    backend: context.backend,
    dataset: options.dataset,
    model: options.model,
    paramCount: context.paramCount,
    steps: options.steps,
    batch: options.batch,
    seed: options.seed,
    evalExamples: options.evalExamples,
    elapsedSeconds: context.elapsedMs / 1000,
    timing:
      'msPerStep = mean wall time of optimizer.step on a synchronous backend (no readback barrier needed)',
    runs: runs.map((run) => {
      const id = run.config.id;
      const runLog = log.runs.get(id);
      return {
        id,
        name: run.config.name,
        optimizer: run.config.optimizer,
        hparams: run.config.hparams,
        gradEvalsPerStep: run.optimizer.gradEvalsPerStep,
        status: run.phase,
        divergedAtStep: run.divergedAtStep ?? null,
        msPerStep: timer.msPerStep(id),
        steps: runLog?.steps ?? [],
        // NaN (not measured that step) becomes null in JSON.
        metrics: Object.fromEntries(runLog?.metrics ?? []),
        evaluations: runLog?.evaluations ?? [],
      };
    }),
  };
}
