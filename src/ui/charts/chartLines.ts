/**
 * The lines of one chart from the runs: per run a faint raw curve and its smoothed curve (step
 * metrics), or the evaluation points (test metrics), in the chosen x units, downsampled.
 */
import type { RunView } from '../runViews';
import type { ChartDef, EvaluationKey } from './chartDefs';
import { columnView } from './columnCache';
import { downsampleMinMax, type Point } from './downsample';
import { type BandMode, type BandPoint, bandAt, replicaLines } from './seedLines';
import { type XAxisMode, xOfIndex, xOfStep } from './xAxis';

export interface ChartSettings {
  /** EMA weight in [0, 1): 0 draws the raw curves only. */
  readonly smoothing: number;
  readonly logY: boolean;
  readonly xAxis: XAxisMode;
  /** Runs over several seeds: the band around the mean. */
  readonly band: BandMode;
  /** Runs over several seeds: every replica faint behind the mean (diverged ones are always drawn). */
  readonly replicas: boolean;
}

export interface ChartLine {
  readonly dataKey: string;
  readonly runKey: string;
  readonly name: string;
  readonly color: string;
  readonly points: Point[];
  /** The raw curve behind a smoothed one. */
  readonly faint?: boolean;
  /** Imported runs are dashed. */
  readonly dashed?: boolean;
  /** Sparse points (evaluations) get dots. */
  readonly dots?: boolean;
  /** Runs over several seeds: the spread around this (mean) line. */
  readonly band?: BandPoint[];
  /** The run diverged: its line ends at its last finite point, which is marked (it may be off scale). */
  readonly diverged?: boolean;
}

const MAX_EVALUATION_POINTS = 400;

const isDiverged = (run: RunView) => run.series?.status === 'diverged';

const usable = (logY: boolean) => (p: Point) =>
  Number.isFinite(p.x) && Number.isFinite(p.y) && (!logY || p.y > 0);

function stepLines(
  def: ChartDef & { source: { kind: 'step' } },
  run: RunView,
  settings: ChartSettings,
): ChartLine[] {
  const column = run.series?.values[def.source.metric];
  if (!column) return [];
  const weight = def.smooth ? settings.smoothing : 0;
  const view = columnView(column, weight);
  const toPoints = (values: readonly number[], indices: readonly number[]) =>
    indices
      .map((i) => ({ x: xOfIndex(settings.xAxis, run, i), y: values[i] as number }))
      .filter(usable(settings.logY));
  const base = {
    runKey: run.key,
    name: run.name,
    color: run.color,
    dashed: run.importedFrom !== undefined,
    diverged: isDiverged(run),
  };
  const raw = toPoints(view.raw, view.rawIndices);
  const spread = run.series?.spread?.[def.source.metric];
  const x = (i: number) => xOfIndex(settings.xAxis, run, i);
  const replicas = replicaLines(run, def.source.metric, weight, settings.replicas, (i, y) => ({
    x: x(i),
    y,
  })).map((line) => ({
    ...base,
    dataKey: `${run.key}·seed${line.replica}`,
    points: line.points.filter(usable(settings.logY)),
    faint: true,
    dashed: line.diverged,
    diverged: line.diverged,
  }));
  const mean = view.smoothed ?? view.raw;
  const meanIndices = view.smoothedIndices ?? view.rawIndices;
  const band = spread ? { band: bandAt(meanIndices, mean, spread, settings.band, weight, x) } : {};
  if (!view.smoothed || !view.smoothedIndices)
    return [...replicas, { ...base, dataKey: run.key, points: raw, ...band }];
  return [
    ...replicas,
    { ...base, dataKey: `${run.key}·raw`, points: raw, faint: true },
    { ...base, dataKey: run.key, points: toPoints(view.smoothed, view.smoothedIndices), ...band },
  ];
}

function evaluationLine(key: EvaluationKey, run: RunView, settings: ChartSettings): ChartLine[] {
  const evaluations = run.series?.evaluations ?? [];
  if (evaluations.length === 0) return [];
  const points = evaluations
    .map((e) => ({ x: xOfStep(settings.xAxis, run, e.step), y: e[key] ?? Number.NaN }))
    .filter(usable(settings.logY));
  // Seeds spread only the test metrics; the memorisation pair is drawn as its mean.
  const spread =
    key === 'testLoss' || key === 'testAccuracy' ? run.series?.evaluationSpread?.[key] : undefined;
  const x = (j: number) => xOfStep(settings.xAxis, run, (evaluations[j] as { step: number }).step);
  const means = evaluations.map((e) => e[key] ?? Number.NaN);
  const indices = evaluations.map((_, j) => j);
  const band = spread ? { band: bandAt(indices, means, spread, settings.band, 0, x) } : {};
  return [
    {
      dataKey: run.key,
      runKey: run.key,
      name: run.name,
      color: run.color,
      points: downsampleMinMax(points, MAX_EVALUATION_POINTS),
      dashed: run.importedFrom !== undefined,
      dots: points.length <= 60,
      ...band,
      diverged: isDiverged(run),
    },
  ];
}

export function chartLines(def: ChartDef, runs: readonly RunView[], settings: ChartSettings): ChartLine[] {
  const { source } = def;
  return runs.flatMap((run) =>
    source.kind === 'step'
      ? stepLines({ ...def, source }, run, settings)
      : evaluationLine(source.key, run, settings),
  );
}

/** The smallest and largest x (or y) over the lines' points, or undefined when there are none. */
export function lineExtent(lines: readonly ChartLine[], axis: 'x' | 'y'): [number, number] | undefined {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const line of lines)
    for (const point of line.points) {
      if (point[axis] < low) low = point[axis];
      if (point[axis] > high) high = point[axis];
    }
  return Number.isFinite(low) ? [low, high] : undefined;
}

/**
 * The lines that set a chart's y-range: those of runs that did not diverge, when any has points. A
 * diverged run's last losses can reach 1e20 and would flatten every other curve onto 0; its line runs
 * off the top instead and its last point is marked there.
 */
export function scaleLines(lines: readonly ChartLine[]): readonly ChartLine[] {
  const live = lines.filter((line) => !line.diverged);
  return live.some((line) => line.points.length > 0) ? live : lines;
}
