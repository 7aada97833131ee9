/**
 * The live session as an exported bundle (config, metrics, evaluations, events, environment) and as
 * CSV rows: both read the same run views, so the two files always agree.
 */
import { version } from '../../../package.json';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type Bundle,
  type BundleRun,
  type BundleSeries,
} from '../../config/bundle';
import type { StepMetricName } from '../../config/metrics';
import { PROTOCOL_VERSION } from '../../worker/protocol';
import type { RunView } from '../runViews';
import type { AppState, RunSeries } from '../store';
import type { CsvRun } from './csv';

/** The app's version, from package.json at build time. */
export const APP_VERSION: string = version;

/** Live runs with recorded steps or evaluations. */
export const exportableRuns = (runs: readonly RunView[]) =>
  runs.filter(
    (run) =>
      !run.importedFrom && run.series && (run.series.steps.length > 0 || run.series.evaluations.length > 0),
  );

/** One CSV run per seed: each replica of a run over seeds (replica k trained with `seed + k`). */
export function csvRuns(runs: readonly RunView[], seed: number): CsvRun[] {
  return exportableRuns(runs).flatMap((run) => {
    const series = run.series as RunSeries;
    const base = { id: run.key, name: run.name, optimizer: run.optimizer };
    return (series.replicas ?? [series]).map((replica, k) => ({
      ...base,
      seed: seed + k,
      steps: replica.steps,
      values: replica.values,
      evaluations: replica.evaluations,
    }));
  });
}

/** What a bundle keeps of a series: its steps, columns and evaluations. */
function bundleSeries(series: RunSeries | undefined): BundleSeries {
  const metrics: Partial<Record<StepMetricName, number[]>> = { ...series?.values };
  return {
    steps: [...(series?.steps ?? [])],
    wallMs: (series?.wallMs ?? []).map((ms) => Math.round(ms * 10) / 10),
    metrics,
    evaluations: (series?.evaluations ?? []).map(
      ({ runId: _runId, replica: _replica, ...evaluation }) => evaluation,
    ),
    ...(series?.divergedAtStep === undefined ? {} : { divergedAtStep: series.divergedAtStep }),
  };
}

/** A run over seeds keeps every seed (replica k trained with `seed + k`); its own columns hold the mean. */
function bundleRun(run: RunView, seed: number): BundleRun {
  const replicas = run.series?.replicas;
  return {
    id: run.key,
    name: run.name,
    color: run.color,
    optimizer: run.optimizer,
    gradEvalsPerStep: run.gradEvalsPerStep,
    ...bundleSeries(run.series),
    ...(replicas
      ? { replicas: replicas.map((replica, k) => ({ seed: seed + k, ...bundleSeries(replica) })) }
      : {}),
  };
}

export function buildBundle(state: AppState, runs: readonly RunView[], now = new Date()): Bundle {
  return {
    format: BUNDLE_FORMAT,
    bundleVersion: BUNDLE_VERSION,
    config: state.config,
    runs: exportableRuns(runs).map((run) => bundleRun(run, state.config.seed)),
    // Probe records travel as `probe` events, each with its run, seed (replica) and step.
    events: [
      ...state.events,
      ...state.probes.map((record) => ({
        kind: 'probe' as const,
        runId: record.runId,
        step: record.step,
        record,
      })),
    ],
    environment: {
      appVersion: APP_VERSION,
      timestamp: now.toISOString(),
      userAgent: typeof navigator === 'undefined' ? 'unknown' : navigator.userAgent,
      protocolVersion: PROTOCOL_VERSION,
      ...(state.backend ? { backend: state.backend, adapter: state.backend.adapter ?? null } : {}),
      ...(state.info ? { paramCount: state.info.paramCount, stepsPerEpoch: state.info.stepsPerEpoch } : {}),
    },
  };
}
