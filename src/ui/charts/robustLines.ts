/**
 * The lines of the robustness charts: one attack's accuracy at one ε (or σ) over the steps, and
 * accuracy against ε at each run's latest robust evaluation (ε = 0 is its clean accuracy).
 */
import type { RobustRecord } from '../../config/robust';
import type { RunView } from '../runViews';
import type { ChartLine } from './chartLines';
import { type XAxisMode, xOfStep } from './xAxis';

export type RobustSeries = 'fgsm' | 'pgd' | 'noise';

const lineOf = (run: RunView, points: ChartLine['points']): ChartLine => ({
  dataKey: run.key,
  runKey: run.key,
  name: run.name,
  color: run.color,
  points,
  dashed: run.importedFrom !== undefined,
  dots: points.length <= 60,
});

/** The accuracy under `attack` at the radius (or σ) `level`, per run over its robust evaluations. */
export function robustStepLines(
  runs: readonly RunView[],
  attack: RobustSeries,
  level: number,
  xAxis: XAxisMode,
): ChartLine[] {
  return runs.flatMap((run) => {
    const points = (run.series?.robust ?? []).flatMap((record) => {
      const at = (attack === 'noise' ? record.sigmas : record.eps).indexOf(level);
      const y = record[attack][at];
      return y === undefined ? [] : [{ x: xOfStep(xAxis, run, record.step), y }];
    });
    return points.length === 0 ? [] : [lineOf(run, points)];
  });
}

/** Accuracy against ε (grey levels) at each run's latest robust evaluation, from ε = 0 (clean). */
export function robustEpsilonLines(runs: readonly RunView[], attack: 'fgsm' | 'pgd'): ChartLine[] {
  return runs.flatMap((run) => {
    const latest = run.series?.robust.at(-1);
    if (!latest || latest[attack].length === 0) return [];
    const points = [
      { x: 0, y: latest.clean },
      ...latest.eps.map((eps, j) => ({ x: eps, y: latest[attack][j] as number })),
    ].sort((a, b) => a.x - b.x);
    return [lineOf(run, points)];
  });
}

/** The ε and σ values of the runs' latest robust evaluations, ascending. */
export function robustLevels(runs: readonly RunView[]): { eps: number[]; sigmas: number[] } {
  const latest = runs.flatMap((run) => run.series?.robust.at(-1) ?? []) as RobustRecord[];
  const sorted = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);
  return {
    eps: sorted(latest.flatMap((r) => (r.fgsm.length > 0 || r.pgd.length > 0 ? r.eps : []))),
    sigmas: sorted(latest.flatMap((r) => (r.noise.length > 0 ? r.sigmas : []))),
  };
}
