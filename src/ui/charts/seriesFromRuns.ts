/** Turns the store's run series into chart lines: raw and smoothed training curves, test evaluations. */
import type { StepMetricName } from '../../config/metrics';
import type { RunSeries } from '../store';
import { smoothEma } from './downsample';
import type { ChartSeries } from './MetricChart';

export interface RunLabel {
  readonly name: string;
  readonly color: string;
}

/** A per-step metric: faint raw line plus its smoothed line (when smoothing > 0). */
export function stepSeries(
  runs: ReadonlyMap<string, RunSeries>,
  labels: ReadonlyMap<string, RunLabel>,
  metric: StepMetricName,
  smoothing: number,
  nameSuffix = '',
): ChartSeries[] {
  return [...runs.values()].flatMap((run) => {
    const values = run.values[metric];
    const label = labels.get(run.runId) ?? { name: run.runId, color: '#888' };
    if (!values) return [];
    const raw = run.steps.map((x, i) => ({ x, y: values[i] as number }));
    if (smoothing <= 0)
      return [
        { id: `${run.runId}-${metric}`, name: `${label.name}${nameSuffix}`, color: label.color, points: raw },
      ];
    const smooth = smoothEma(values, smoothing);
    return [
      {
        id: `${run.runId}-${metric}-raw`,
        name: `${label.name} raw`,
        color: label.color,
        points: raw,
        faint: true,
      },
      {
        id: `${run.runId}-${metric}`,
        name: `${label.name}${nameSuffix}`,
        color: label.color,
        points: run.steps.map((x, i) => ({ x, y: smooth[i] as number })),
      },
    ];
  });
}

/** Test-set evaluations of each run as a dashed line with dots. */
export function evaluationSeries(
  runs: ReadonlyMap<string, RunSeries>,
  labels: ReadonlyMap<string, RunLabel>,
  key: 'testLoss' | 'testAccuracy',
): ChartSeries[] {
  return [...runs.values()].map((run) => {
    const label = labels.get(run.runId) ?? { name: run.runId, color: '#888' };
    return {
      id: `${run.runId}-${key}`,
      name: `${label.name} test`,
      color: label.color,
      dashed: true,
      points: run.evaluations.map((e) => ({ x: e.step, y: e[key] })),
    };
  });
}
