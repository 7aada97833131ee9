/**
 * One chart: its lines merged into rows (one tooltip lists every run), markers for live changes, a
 * crosshair synced with the other charts by x value, PNG/SVG download. Fixed height and no animation,
 * so streaming never moves the layout.
 */
import { memo, type RefObject, useMemo, useRef } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useInView } from '../hooks/useInView';
import { useStaggered } from '../hooks/useStaggered';
import { linearAxis, logAxis, xAxis } from './axisTicks';
import { ChartDownloads } from './ChartDownloads';
import { type ChartLine, lineExtent } from './chartLines';
import { mergeRows } from './chartRows';
import type { Marker } from './markers';
import { formatX } from './xAxis';

export interface MetricChartProps {
  readonly id: string;
  readonly title: string;
  readonly hint?: string;
  readonly lines: readonly ChartLine[];
  readonly markers: readonly Marker[];
  readonly logY: boolean;
  readonly xLabel: string;
  readonly height: number;
  /** Shared data ranges for small multiples (the axes round them). */
  readonly xDomain?: [number, number];
  readonly yDomain?: [number, number];
  readonly emptyText: string;
}

/** Grid columns per chart: about two pixels per bin (a min and a max each) at a chart's usual width. */
const BINS = 100;

/** Crosshair sync: the other charts' x values differ, so take the nearest tick rather than an exact match. */
function nearestTick(ticks: readonly { value?: unknown }[], data: { activeLabel?: unknown }): number {
  const target = Number(data.activeLabel);
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  ticks.forEach((tick, index) => {
    const distance = Math.abs(Number(tick.value) - target);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

export function formatY(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000 || magnitude < 0.001) return value.toExponential(1);
  return Number(value.toPrecision(3)).toString();
}

/**
 * Charts take new data one per task (see useStaggered), and off screen they keep what they last
 * showed: streaming redraws are spent on the charts in view; one scrolled into view catches up.
 */
function MetricChartView(props: MetricChartProps) {
  const figure = useRef<HTMLElement>(null);
  const inView = useInView(figure);
  const shown = useStaggered(props, !inView);
  return (
    <figure className="chart" aria-label={props.title} ref={figure} data-chart={props.id}>
      <ChartBody {...shown} figure={figure} />
    </figure>
  );
}

const ChartBody = memo(function ChartBody(
  props: MetricChartProps & { figure: RefObject<HTMLElement | null> },
) {
  const { id, title, hint, lines, markers, logY, xLabel, height, xDomain, yDomain, emptyText, figure } =
    props;
  const rows = useMemo(() => mergeRows(lines, BINS), [lines]);
  const axes = useMemo(() => {
    const x = xDomain ?? lineExtent(lines, 'x');
    const y = yDomain ?? lineExtent(lines, 'y');
    if (!x || !y) return undefined;
    return { x: xAxis(x[0], x[1]), y: logY ? logAxis(y[0], y[1]) : linearAxis(y[0], y[1]) };
  }, [lines, xDomain, yDomain, logY]);
  return (
    <>
      <figcaption>
        <span className="chart-title">{title}</span>
        <ChartDownloads figure={figure} title={title} chartId={id} disabled={rows.length === 0} />
      </figcaption>
      {hint && <p className="chart-hint">{hint}</p>}
      <div className="chart-body" style={{ height }}>
        {rows.length === 0 || !axes ? (
          <div className="chart-empty">{emptyText}</div>
        ) : (
          <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 300, height }}>
            <LineChart
              data={rows}
              syncId="metrics"
              syncMethod={nearestTick}
              margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis
                type="number"
                dataKey="x"
                domain={axes.x.domain}
                ticks={axes.x.ticks}
                allowDataOverflow
                tickFormatter={formatX}
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                stroke="var(--muted)"
              />
              <YAxis
                type="number"
                scale={logY ? 'log' : 'auto'}
                domain={axes.y.domain}
                ticks={axes.y.ticks}
                allowDataOverflow
                tickFormatter={formatY}
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                stroke="var(--muted)"
                width={48}
              />
              <Tooltip
                isAnimationActive={false}
                formatter={(value) => (typeof value === 'number' ? formatY(value) : String(value))}
                labelFormatter={(x) => `${xLabel} ${formatX(Number(x))}`}
                itemSorter={(item) => lines.findIndex((line) => line.dataKey === item.dataKey)}
                contentStyle={{ background: 'var(--bg)', border: '1px solid var(--grid)', fontSize: 12 }}
              />
              {markers.map((marker) => (
                <ReferenceLine
                  key={marker.id}
                  x={marker.x}
                  stroke={marker.color}
                  strokeDasharray="4 3"
                  ifOverflow="hidden"
                  label={{ value: marker.label, position: 'insideTopLeft', fill: marker.color, fontSize: 10 }}
                />
              ))}
              {lines.map((line) => (
                <Line
                  key={line.dataKey}
                  dataKey={line.dataKey}
                  name={line.name}
                  type="linear"
                  stroke={line.color}
                  strokeOpacity={line.faint ? 0.22 : 1}
                  strokeWidth={line.faint ? 1 : 1.8}
                  strokeDasharray={line.dashed ? '6 3' : undefined}
                  dot={line.dots ? { r: 2.5, strokeWidth: 1 } : false}
                  activeDot={line.faint ? false : { r: 3 }}
                  tooltipType={line.faint ? 'none' : undefined}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </>
  );
});

/** Redraws only when its lines, markers or axes changed (lines are memoised per data version upstream). */
export const MetricChart = memo(MetricChartView);
