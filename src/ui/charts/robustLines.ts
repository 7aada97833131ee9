/**
 * The lines of the robustness charts: one attack's accuracy at one ε (or σ) over the steps, and
 * accuracy against ε at each run's latest robust evaluation (ε = 0 is its clean accuracy). A run over
 * several seeds draws its mean (its `robust` records) with the band of `robustSpread` around it,
 * built by the training charts' `bandAt`.
 */
import type { RobustRecord } from '../../config/robust';
import type { RunView } from '../runViews';
import { robustKey } from '../seedSeries';
import type { SeedSpread } from '../store';
import type { ChartLine } from './chartLines';
import { type BandMode, bandAt } from './seedLines';
import { type XAxisMode, xOfStep } from './xAxis';

export type RobustSeries = 'fgsm' | 'pgd' | 'noise';

/** The spread of one accuracy (`robustKey`) at the given robust records' indices, for `bandAt`. */
function spreadAt(run: RunView, keys: readonly string[], indices: readonly number[]): SeedSpread | undefined {
  const spreads = run.series?.robustSpread;
  if (!spreads) return undefined;
  const pick = (part: keyof SeedSpread) =>
    indices.map((index, i) => spreads[keys[i] as string]?.[part][index] ?? Number.NaN);
  return { std: pick('std'), min: pick('min'), max: pick('max') };
}

const withBand = (line: ChartLine, spread: SeedSpread | undefined, mode: BandMode): ChartLine => {
  if (!spread) return line;
  const means = line.points.map((p) => p.y);
  const indices = line.points.map((_, i) => i);
  return { ...line, band: bandAt(indices, means, spread, mode, 0, (i) => line.points[i]?.x as number) };
};

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
  band: BandMode = 'std',
): ChartLine[] {
  return runs.flatMap((run) => {
    const indices: number[] = [];
    const points = (run.series?.robust ?? []).flatMap((record, index) => {
      const at = (attack === 'noise' ? record.sigmas : record.eps).indexOf(level);
      const y = record[attack][at];
      if (y === undefined) return [];
      indices.push(index);
      return [{ x: xOfStep(xAxis, run, record.step), y }];
    });
    if (points.length === 0) return [];
    const spread = spreadAt(
      run,
      indices.map(() => robustKey(attack, level)),
      indices,
    );
    return [withBand(lineOf(run, points), spread, band)];
  });
}

/** Accuracy against ε (grey levels) at each run's latest robust evaluation, from ε = 0 (clean). */
export function robustEpsilonLines(
  runs: readonly RunView[],
  attack: 'fgsm' | 'pgd',
  band: BandMode = 'std',
): ChartLine[] {
  return runs.flatMap((run) => {
    const latest = run.series?.robust.at(-1);
    if (!latest || latest[attack].length === 0) return [];
    const last = (run.series?.robust.length ?? 0) - 1;
    const points = [
      { x: 0, y: latest.clean, key: robustKey('clean') },
      ...latest.eps.map((eps, j) => ({
        x: eps,
        y: latest[attack][j] as number,
        key: robustKey(attack, eps),
      })),
    ].sort((a, b) => a.x - b.x);
    const spread = spreadAt(
      run,
      points.map((p) => p.key),
      points.map(() => last),
    );
    return [
      withBand(
        lineOf(
          run,
          points.map(({ x, y }) => ({ x, y })),
        ),
        spread,
        band,
      ),
    ];
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
