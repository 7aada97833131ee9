/**
 * One chart. Recharts draws the frame (grid, axes, markers for live changes); the lines, the synced
 * crosshair and the numbers under it are drawn by SeriesLayer/ChartTooltip with Recharts' scales. A
 * streaming redraw re-renders the lines only, a few path strings, so nine live charts stay cheap; the
 * frame is rebuilt only when its axes or markers change. Fixed height and no animation, so streaming
 * never moves the layout.
 */
import { type KeyboardEvent, memo, type RefObject, useMemo, useRef } from 'react';
import { CartesianGrid, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../formatNumber';
import { useByKey } from '../hooks/useByKey';
import { useInView } from '../hooks/useInView';
import { useStaggered } from '../hooks/useStaggered';
import { type Axis, linearAxis, logAxis, xAxis } from './axisTicks';
import { ChartDownloads } from './ChartDownloads';
import { ChartTooltip } from './ChartTooltip';
import { type ChartLine, lineExtent, scaleLines } from './chartLines';
import type { HoverStore } from './hoverStore';
import type { Marker } from './markers';
import { HOVER_TOLERANCE, SeriesContext, SeriesLayer } from './SeriesLayer';
import { neighbourX } from './seriesGeometry';
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
  /** The crosshair shared by the page's charts. */
  readonly hover: HoverStore;
  /** Shared data ranges for small multiples (the axes round them). */
  readonly xDomain?: [number, number];
  readonly yDomain?: [number, number];
  readonly emptyText: string;
}

interface Axes {
  readonly x: Axis;
  readonly y: Axis;
}

const TICK = { fontSize: 11, fill: 'var(--muted)' };

/** Room for the widest y tick label at 11 px (about 7 px a character, plus the tick mark), so none is cut; at least 48 px, so most charts line up. */
const yAxisWidth = (axis: Axis) =>
  Math.max(48, 14 + 7 * Math.max(0, ...axis.ticks.map((tick) => formatNumber(tick).length)));

/** What both axes share: our own domain and ticks (never Recharts' guesses), drawn in the muted colour. */
const axisProps = (axis: Axis, tickFormatter: (value: number) => string) =>
  ({
    type: 'number',
    domain: axis.domain,
    ticks: axis.ticks,
    allowDataOverflow: true,
    tickFormatter,
    tick: TICK,
    stroke: 'var(--muted)',
  }) as const;

/** A chart with no point yet: its first points are drawn at once, not as an interruptible transition. */
const showsNothing = (props: MetricChartProps) => props.lines.every((line) => line.points.length === 0);

/**
 * Charts take new data one per task (see useStaggered), and off screen they keep what they last
 * showed: streaming redraws are spent on the charts in view; one scrolled into view catches up.
 */
function MetricChartView(props: MetricChartProps) {
  const figure = useRef<HTMLElement>(null);
  const inView = useInView(figure);
  const shown = useStaggered(props, !inView, showsNothing);
  return (
    <figure className="chart" aria-label={props.title} ref={figure} data-chart={props.id}>
      <ChartBody {...shown} figure={figure} />
    </figure>
  );
}

function axesOf(props: MetricChartProps): Axes | undefined {
  const x = props.xDomain ?? lineExtent(props.lines, 'x');
  const y = props.yDomain ?? lineExtent(scaleLines(props.lines), 'y');
  if (!x || !y) return undefined;
  return { x: xAxis(x[0], x[1]), y: props.logY ? logAxis(y[0], y[1]) : linearAxis(y[0], y[1]) };
}

const ChartBody = memo(function ChartBody(
  props: MetricChartProps & { figure: RefObject<HTMLElement | null> },
) {
  const { id, title, hint, lines, logY, xLabel, height, hover, emptyText, figure } = props;
  const computed = axesOf(props);
  const axes = useByKey(computed, JSON.stringify(computed));
  const markers = useByKey(
    props.markers,
    props.markers.map((marker) => `${marker.id}@${marker.x}:${marker.label}`).join('|'),
  );
  /** How far in x from the crosshair a point is still read: the same for the dots and the numbers. */
  const tolerance = axes ? (axes.x.domain[1] - axes.x.domain[0]) * HOVER_TOLERANCE : 0;
  const frame = useMemo(
    () =>
      axes && (
        <ChartFrame
          id={id}
          axes={axes}
          markers={markers}
          logY={logY}
          height={height}
          hover={hover}
          tolerance={tolerance}
        />
      ),
    [id, axes, markers, logY, height, hover, tolerance],
  );
  const empty = lines.every((line) => line.points.length === 0) || !frame;
  /** Arrow keys walk the crosshair along the first line's points; Escape hides it. */
  const onKeyDown = (event: KeyboardEvent) => {
    const direction = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (event.key === 'Escape') hover.update(() => undefined);
    const line = lines.find((l) => !l.faint && l.points.length > 0);
    if (direction === 0 || !line) return;
    event.preventDefault();
    const current = hover.get();
    const x = neighbourX(line.points, current?.chartId === id ? current.x : undefined, direction);
    if (x !== undefined) hover.update(() => ({ x, chartId: id }));
  };
  return (
    <>
      <figcaption>
        <span className="chart-title">{title}</span>
        <ChartDownloads figure={figure} title={title} chartId={id} disabled={empty} />
      </figcaption>
      {hint && <p className="chart-hint">{hint}</p>}
      {/* An application: the arrow keys are its own (they move the crosshair), not the page's. */}
      <div
        role="application"
        className="chart-body"
        style={{ height }}
        tabIndex={empty ? undefined : 0}
        aria-label={empty ? undefined : `${title}: arrow keys read the values`}
        onKeyDown={onKeyDown}
        onBlur={() => hover.get()?.chartId === id && hover.update(() => undefined)}
      >
        {empty ? (
          <div className="chart-empty">{emptyText}</div>
        ) : (
          <SeriesContext.Provider value={lines}>{frame}</SeriesContext.Provider>
        )}
        <ChartTooltip chartId={id} hover={hover} lines={lines} xLabel={xLabel} tolerance={tolerance} />
      </div>
    </>
  );
});

interface ChartFrameProps {
  readonly id: string;
  readonly axes: Axes;
  readonly markers: readonly Marker[];
  readonly logY: boolean;
  readonly height: number;
  readonly hover: HoverStore;
  readonly tolerance: number;
}

/** The Recharts part: rebuilt only when its props change (ChartBody keeps them equal while only lines move). */
function ChartFrame({ id, axes, markers, logY, height, hover, tolerance }: ChartFrameProps) {
  return (
    <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 300, height }}>
      <LineChart margin={{ top: 6, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
        <XAxis dataKey="x" {...axisProps(axes.x, formatX)} />
        <YAxis
          scale={logY ? 'log' : 'auto'}
          width={yAxisWidth(axes.y)}
          {...axisProps(axes.y, (value) => formatNumber(value))}
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
        <SeriesLayer chartId={id} hover={hover} tolerance={tolerance} />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Redraws only when its lines, markers or axes changed (lines are memoised per data version upstream). */
export const MetricChart = memo(MetricChartView);
