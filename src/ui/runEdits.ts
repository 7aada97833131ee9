/**
 * Pure edits of the run list: new, duplicated and forked runs get unique ids and readable names, and
 * keep their colour when others are removed (colours come from the position unless pinned).
 */

import { knobProblem } from '../config/knobText';
import { RUN_NAME_MAX_LENGTH } from '../config/limits';
import { HYPERPARAM_KNOBS, type HyperparamKey, type Hyperparams } from '../config/optimizers';
import type { ExperimentConfig, RunConfig } from '../config/schema';
import type { HyperparamPatch } from '../config/stream';
import { defaultIdentity } from '../config/urlRuns';
import { OPTIMIZER_INFO, type OptimizerName } from '../methods/metas';
import { nextColor, PALETTE, runColor } from './runViews';

const uniqueId = (base: string, runs: readonly RunConfig[]) => {
  const taken = new Set(runs.map((r) => r.id));
  const stem = base.slice(0, 28);
  if (!taken.has(stem)) return stem;
  let n = 2;
  while (taken.has(`${stem}-${n}`)) n += 1;
  return `${stem}-${n}`;
};

/** A new run's colour: pinned only where its position would give another one. */
function colorFor(runs: readonly RunConfig[]): { color?: string } {
  const color = nextColor(runs);
  return color === PALETTE[runs.length % PALETTE.length] ? {} : { color };
}

const shortName = (name: string) =>
  name.length > RUN_NAME_MAX_LENGTH ? `${name.slice(0, RUN_NAME_MAX_LENGTH - 1)}…` : name;

/** A new run of `optimizer` with the default hyperparameters. */
export function newRun(
  runs: readonly RunConfig[],
  optimizer: OptimizerName,
  hparams: Hyperparams,
): RunConfig {
  const identity = defaultIdentity(optimizer, new Set(runs.map((r) => r.id)));
  return { id: uniqueId(identity.id, runs), name: identity.name, optimizer, hparams, ...colorFor(runs) };
}

/** A copy of `source` (with `hparams`, e.g. its live values) as a new run. */
export function copyRun(
  runs: readonly RunConfig[],
  source: RunConfig,
  hparams: Hyperparams,
  suffix: string,
): RunConfig {
  return {
    id: uniqueId(`${source.id}-${suffix.split(' ')[0]}`, runs),
    name: shortName(`${source.name} (${suffix})`),
    optimizer: source.optimizer,
    hparams,
    ...colorFor(runs),
  };
}

/** Removes a run; the runs after it keep their colours (pinned, as colours otherwise follow the position). */
export function withoutRun(runs: readonly RunConfig[], id: string): RunConfig[] {
  return runs.flatMap((run, index) => (run.id === id ? [] : [{ ...run, color: runColor(run, index) }]));
}

/**
 * The setup with a new run list. What named a run that is gone goes with it (its sweep axes, the probes'
 * line start), so the share link never names a missing run and reopens without a complaint.
 */
export function withRuns(config: ExperimentConfig, runs: RunConfig[]): ExperimentConfig {
  const kept = (id: string) => runs.some((run) => run.id === id);
  const sweep = config.sweep.filter((axis) => kept(axis.runId));
  const lineFrom = config.probes?.lineFrom;
  if (config.probes === undefined || lineFrom === undefined || kept(lineFrom))
    return { ...config, runs, sweep };
  const { lineFrom: _gone, ...probes } = config.probes;
  return { ...config, runs, sweep, probes };
}

/** Changing the method keeps the shared hyperparameters and renames a run that still has its default name. */
export function withOptimizer(run: RunConfig, optimizer: OptimizerName): RunConfig {
  const hadDefaultName = run.name === OPTIMIZER_INFO[run.optimizer].label;
  return { ...run, optimizer, name: hadDefaultName ? OPTIMIZER_INFO[optimizer].label : run.name };
}

export function replaceRun(
  runs: readonly RunConfig[],
  id: string,
  change: (run: RunConfig) => RunConfig,
): RunConfig[] {
  return runs.map((run) => (run.id === id ? change(run) : run));
}

/** Base-step and variant switches: shown under "More settings", after the method's own knobs. */
export const ADVANCED_KEYS: ReadonlySet<HyperparamKey> = new Set([
  'momentum',
  'weightDecay',
  'labelSmoothing',
  'nesterov',
  'adaptive',
]);

/** The knobs a method reads, in the order the panel shows them: lr, then the method's own, then the advanced ones. */
export function knobsOf(optimizer: OptimizerName): HyperparamKey[] {
  const keys = (OPTIMIZER_INFO[optimizer].hyperparams as readonly HyperparamKey[]).filter(
    (key) => key in HYPERPARAM_KNOBS,
  );
  const rank = (key: HyperparamKey) => (key === 'lr' ? 0 : ADVANCED_KEYS.has(key) ? 2 : 1);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

/**
 * Why a hyperparameter change cannot be made (out of range), or undefined. Every knob is live: the
 * worker applies a change at the next step boundary, whether or not the run trains.
 */
export function patchProblem(patch: HyperparamPatch): string | undefined {
  for (const [key, value] of Object.entries(patch)) {
    const problem = typeof value === 'number' ? knobProblem(key as HyperparamKey, value) : undefined;
    if (problem) return problem;
  }
  return undefined;
}
