/**
 * The points of the sweep chart ("accuracy vs ρ", as in the SAM papers): per swept run and value,
 * the final test accuracy as mean ± std over seeds. A 2-D sweep gives one line per value of its
 * second axis.
 */
import type { PlannedRun } from '../config/replicas';
import type { RunView } from './runViews';

export interface SweepPoint {
  readonly x: number;
  /** Final test accuracy (mean over seeds), %. */
  readonly y: number;
  /** Std over seeds, % (0 with one seed). */
  readonly error: number;
}

export interface SweepLine {
  /** `sam.rho`, or `sam.rho (lr=0.1)` for one slice of a grid. */
  readonly label: string;
  readonly key: string;
  readonly color: string;
  readonly points: SweepPoint[];
}

export function sweepLines(planned: readonly PlannedRun[], views: readonly RunView[]): SweepLine[] {
  const lines = new Map<string, SweepLine>();
  for (const run of planned) {
    const [axis, ...others] = run.point;
    const view = views.find((v) => v.key === run.config.id);
    const last = view?.series?.evaluations.at(-1);
    if (!axis || !view || !last) continue;
    const std = view.series?.evaluationSpread?.testAccuracy.std.at(-1);
    const slice = others.map(({ key, value }) => `${key}=${value}`).join(', ');
    const label = `${run.sourceId}.${axis.key}${slice ? ` (${slice})` : ''}`;
    const line = lines.get(label) ?? { label, key: axis.key, color: view.color, points: [] };
    line.points.push({
      x: axis.value,
      y: 100 * last.testAccuracy,
      error: std !== undefined && Number.isFinite(std) ? 100 * std : 0,
    });
    lines.set(label, line);
  }
  for (const line of lines.values()) line.points.sort((a, b) => a.x - b.x);
  return [...lines.values()];
}
