/**
 * The live session as an exported bundle (config, metrics, evaluations, events, environment) and as
 * CSV rows: both read the same run views, so the two files always agree.
 */
import { version } from '../../../package.json';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle, type BundleRun } from '../../config/bundle';
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

function bundleRun(run: RunView): BundleRun {
  const series = run.series;
  const metrics: Partial<Record<StepMetricName, number[]>> = { ...series?.values };
  return {
    id: run.key,
    name: run.name,
    color: run.color,
    optimizer: run.optimizer,
    gradEvalsPerStep: run.gradEvalsPerStep,
    steps: [...(series?.steps ?? [])],
    wallMs: (series?.wallMs ?? []).map((ms) => Math.round(ms * 10) / 10),
    metrics,
    evaluations: (series?.evaluations ?? []).map(({ runId: _runId, ...evaluation }) => evaluation),
    ...(series?.divergedAtStep === undefined ? {} : { divergedAtStep: series.divergedAtStep }),
  };
}

export function buildBundle(state: AppState, runs: readonly RunView[], now = new Date()): Bundle {
  return {
    format: BUNDLE_FORMAT,
    bundleVersion: BUNDLE_VERSION,
    config: state.config,
    runs: exportableRuns(runs).map(bundleRun),
    events: [...state.events],
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
