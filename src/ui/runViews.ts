/**
 * The runs the page shows, live and imported, in one shape: what the charts, the legend and the
 * summary table need (name, colour, series, cost per step, clock), whatever their source.
 */
import { planReplicas } from '../config/replicas';
import type { ExperimentConfig, RunConfig } from '../config/schema';
import { OPTIMIZER_INFO, type OptimizerName } from '../methods/metas';
import type { AppState, RunSeries } from './store';

export interface RunView {
  /** Unique on the page: the run id, or `<import id>/<run id>` for an imported run. */
  readonly key: string;
  readonly name: string;
  readonly color: string;
  readonly optimizer: OptimizerName;
  readonly series?: RunSeries;
  /** Forward-backward passes per step, for the gradient-evaluations axis. */
  readonly gradEvalsPerStep: number;
  readonly stepsPerEpoch: number;
  /** The live run's setup; absent for imported runs. */
  readonly config?: RunConfig;
  /** The file an imported run came from. */
  readonly importedFrom?: string;
}

/** Distinct in light and dark themes, and in the common colour-vision deficiencies as far as 8 colours allow. */
export const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#ca8a04',
  '#db2777',
];

export const runColor = (run: RunConfig, index: number): string =>
  run.color ?? (PALETTE[index % PALETTE.length] as string);

/** The first palette colour no run uses yet (for a new run), else the next one round. */
export function nextColor(runs: readonly RunConfig[]): string {
  const used = new Set(runs.map(runColor));
  return PALETTE.find((color) => !used.has(color)) ?? (PALETTE[runs.length % PALETTE.length] as string);
}

/** Fashion-MNIST's 60,000 training images, for the epoch axis before the worker has said. */
const FASHION_TRAIN_COUNT = 60_000;

export function stepsPerEpochOf(config: ExperimentConfig, info: AppState['info']): number {
  if (info) return info.stepsPerEpoch;
  return Math.max(1, Math.floor(FASHION_TRAIN_COUNT / config.batchSize));
}

/** The source run's colour, lighter for each later point of its sweep, so a sweep reads as one family. */
function sweepColor(base: string, point: number, points: number): string {
  if (points <= 1) return base;
  const towardsWhite = (0.6 * point) / (points - 1);
  const channel = (i: number) => {
    const value = Number.parseInt(base.slice(1 + 2 * i, 3 + 2 * i), 16);
    return Math.round(value + (255 - value) * towardsWhite)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** Live runs in setup order (each sweep point a run of its own), then the imported ones. */
export function buildRunViews(
  config: ExperimentConfig,
  series: AppState['runs'],
  imported: AppState['imported'],
  info: AppState['info'],
): RunView[] {
  const stepsPerEpoch = stepsPerEpochOf(config, info);
  const planned = planReplicas(config.runs, config.sweep, config.seed, config.seeds).runs;
  const live = planned.map(({ config: run, sourceId }): RunView => {
    const sourceIndex = config.runs.findIndex((r) => r.id === sourceId);
    const family = planned.filter((p) => p.sourceId === sourceId);
    const base = runColor(config.runs[sourceIndex] as RunConfig, sourceIndex);
    return {
      key: run.id,
      name: run.name,
      color: sweepColor(
        base,
        family.findIndex((p) => p.config.id === run.id),
        family.length,
      ),
      optimizer: run.optimizer,
      series: series.get(run.id),
      gradEvalsPerStep:
        series.get(run.id)?.info?.gradEvalsPerStep ?? OPTIMIZER_INFO[run.optimizer].gradEvalsPerStep,
      stepsPerEpoch,
      config: run,
    };
  });
  const shown = imported.flatMap((bundle) =>
    bundle.runs.map(
      (run, index): RunView => ({
        key: run.key,
        name: run.name,
        color: run.color ?? (PALETTE[(config.runs.length + index) % PALETTE.length] as string),
        optimizer: run.optimizer,
        series: run.series,
        gradEvalsPerStep: run.gradEvalsPerStep,
        stepsPerEpoch: bundle.config
          ? Math.max(1, Math.floor(FASHION_TRAIN_COUNT / bundle.config.batchSize))
          : stepsPerEpoch,
        importedFrom: bundle.fileName,
      }),
    ),
  );
  return [...live, ...shown];
}

/**
 * "forked from SAM at step 500" per setup run the session forked. A swept run's values fork one by
 * one (`sam-fork@rho=0.1` from `sam@rho=0.1`): the card of the setup run says it once.
 */
export function forkOrigins(state: AppState): Map<string, string> {
  const { runs, sweep, seed, seeds } = state.config;
  const setupIdOf = new Map(
    planReplicas(runs, sweep, seed, seeds).runs.map((p) => [p.config.id, p.sourceId]),
  );
  const names = new Map(runs.map((run) => [run.id, run.name]));
  const result = new Map<string, string>();
  for (const event of state.events)
    if (event.kind === 'runAdded' && event.parentId) {
      const parentId = setupIdOf.get(event.parentId) ?? event.parentId;
      result.set(
        setupIdOf.get(event.runId) ?? event.runId,
        `forked from ${names.get(parentId) ?? parentId} at step ${event.step.toLocaleString('en-US')}`,
      );
    }
  return result;
}
