/**
 * Where the page stands with its session: before any result every edit is a setup edit; while runs
 * train (or pause) edits go live to the worker; after training they prepare the next experiment.
 */
import { planReplicas } from '../config/replicas';
import { describeConfigModel, type ExperimentConfig } from '../config/schema';
import { type AppState, hasResults } from './store';

export type Mode = 'setup' | 'live' | 'finished';

export function modeOf(state: AppState): Mode {
  if (!hasResults(state)) return 'setup';
  return state.status === 'training' || state.status === 'paused' ? 'live' : 'finished';
}

/** Why the setup cannot train (a custom model that does not fit the images, too many replicas), or undefined. */
export const setupProblem = (config: ExperimentConfig): string | undefined =>
  describeConfigModel(config)?.problem ??
  planReplicas(config.runs, config.sweep, config.seed, config.seeds).problem;
