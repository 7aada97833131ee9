/**
 * Names from before the naming rule (README "Naming"), read as today's: an old share link, bundle,
 * CLI flag or parity case keeps its meaning. Built from the `formerName` the metas declare.
 */
import type { MetricMeta } from '../methods/common/meta';
import { OPTIMIZER_INFO } from '../methods/metas';
import { HYPERPARAM_KNOBS, type HyperparamKey } from './optimizers';

const knobRenames = new Map<string, string>(
  Object.entries(HYPERPARAM_KNOBS).flatMap(([key, knob]) =>
    knob.formerName ? [[knob.formerName, key]] : [],
  ),
);

const metricRenames = new Map<string, string>(
  Object.values(OPTIMIZER_INFO).flatMap((meta) =>
    Object.entries(meta.metrics as Record<string, MetricMeta>).flatMap(([name, metric]) =>
      metric.formerName ? [[metric.formerName, name]] : [],
    ),
  ),
);

/** Today's name of a knob (`mu` → `bisamMu`); any other text comes back as it is. */
export function currentKnobName(key: string): HyperparamKey | string {
  return knobRenames.get(key) ?? key;
}

/** Today's name of a per-step metric (`q` → `bisamQ`); any other text comes back as it is. */
export function currentMetricName(name: string): string {
  return metricRenames.get(name) ?? name;
}

/** A hyperparameter object with former knob names renamed; a current name wins over a former one. */
export function withCurrentKnobNames(hparams: unknown): unknown {
  if (typeof hparams !== 'object' || hparams === null || Array.isArray(hparams)) return hparams;
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hparams)) {
    const current = currentKnobName(key);
    if (current === key || !(current in hparams)) renamed[current] = value;
  }
  return renamed;
}

/** An experiment config (as a bundle stores it) with every run's former knob names renamed. */
export function configWithCurrentKnobNames(config: unknown): unknown {
  const runs = (config as { runs?: unknown } | null)?.runs;
  if (!Array.isArray(runs)) return config;
  return {
    ...(config as object),
    runs: runs.map((run: unknown) =>
      typeof run === 'object' && run !== null && 'hparams' in run
        ? { ...run, hparams: withCurrentKnobNames(run.hparams) }
        : run,
    ),
  };
}
