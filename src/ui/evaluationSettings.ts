/**
 * Probe and robust-evaluation settings as the page edits them. They change no training, so the page
 * swaps them into the setup (and a draft) at once while runs train.
 */

import type { ProbeConfig } from '../config/probes';
import type { RobustConfig } from '../config/robust';
import type { ExperimentConfig } from '../config/schema';

/** Settings that change no training: what to probe and how, and the robust evaluation (absent: off). */
export type EvaluationSettings = { probes: ProbeConfig } | { robust: RobustConfig | undefined };
/** Either setting as the setup holds it (absent: not set). */
export type SettingsState = { probes: ProbeConfig | undefined } | { robust: RobustConfig | undefined };

/** `config` with one of the two settings replaced; an unset one leaves no key behind. */
export function withSettings(config: ExperimentConfig, settings: SettingsState): ExperimentConfig {
  const { probes, robust, ...rest } = config;
  const kept =
    'probes' in settings ? { robust, probes: settings.probes } : { probes, robust: settings.robust };
  return {
    ...rest,
    ...(kept.probes ? { probes: kept.probes } : {}),
    ...(kept.robust ? { robust: kept.robust } : {}),
  };
}
