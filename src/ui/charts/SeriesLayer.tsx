/**
 * A chart's lines, crosshair and pointer handling, drawn inside Recharts' SVG with its axis scales.
 * The lines come through context, so a streaming redraw re-renders this layer only: the chart frame
 * (axes, grid, markers) stays as it was until its axes change.
 */
import { createContext, type PointerEvent, useContext } from 'react';
import { usePlotArea, useXAxisInverseScale, useXAxisScale, useYAxisScale } from 'recharts';
import { formatNumber } from '../formatNumber';
import type { ChartLine } from './chartLines';
import { type HoverStore, useHover } from './hoverStore';
import { bandPath, linePath, pointsAt, type Scale } from './seriesGeometry';

/** The lines of the chart being drawn (provided around its frame by MetricChart). */
export const SeriesContext = createContext<readonly ChartLine[]>([]);

/** How far from the crosshair a point may be and still be read: a fraction of the x-axis span. */
export const HOVER_TOLERANCE = 0.02;

interface SeriesLayerProps {
  readonly chartId: string;
  readonly hover: HoverStore;
  /** How far in x from the crosshair a point is still read. */
  readonly tolerance: number;
}

function useScales(): { x: Scale; y: Scale } | undefined {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return undefined;
  return { x: (value) => x(value), y: (value) => y(value) };
}

export function SeriesLayer({ chartId, hover, tolerance }: SeriesLayerProps) {
  const lines = useContext(SeriesContext);
  const area = usePlotArea();
  const scales = useScales();
  const invertX = useXAxisInverseScale();
  if (!area || !scales) return null;
  const clipId = `clip-${chartId}`;
  const onPointerMove = (event: PointerEvent<SVGRectElement>) => {
    const svg = event.currentTarget.ownerSVGElement;
    if (!svg || !invertX) return;
    const box = svg.getBoundingClientRect();
    const left = event.clientX - box.left;
    const x = Number(invertX(left));
    if (Number.isFinite(x)) hover.update(() => ({ x, chartId, left, top: event.clientY - box.top }));
  };
  return (
    <g className="series-layer">
      <defs>
        <clipPath id={clipId}>
          {/* A few pixels of room on every side, so a dot on the frame (step 0, the last step) shows whole. */}
          <rect x={area.x - 4} y={area.y - 4} width={area.width + 8} height={area.height + 8} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`}>
        {lines.map((line) => (
          <g
            key={line.dataKey}
            className="series-line"
            data-key={line.dataKey}
            data-last-x={line.points.at(-1)?.x}
          >
            {line.band && (
              <path
                className="series-band"
                d={bandPath(line.band, scales.x, scales.y)}
                fill={line.color}
                fillOpacity={0.16}
                stroke="none"
              />
            )}
            <path
              d={linePath(line.points, scales.x, scales.y)}
              fill="none"
              stroke={line.color}
              strokeOpacity={line.faint ? 0.22 : 1}
              strokeWidth={line.faint ? 1 : 1.8}
              strokeDasharray={line.dashed ? '6 3' : undefined}
              strokeLinejoin="round"
            />
            {/* A line of one point draws nothing: the first step gets a dot, so it shows at once. */}
            {(line.dots || (line.points.length === 1 && !line.faint)) &&
              line.points.map((point) => (
                <circle
                  key={point.x}
                  cx={scales.x(point.x)}
                  cy={scales.y(point.y)}
                  r={2.5}
                  fill="var(--bg)"
                  stroke={line.color}
                />
              ))}
          </g>
        ))}
      </g>
      {lines
        .filter((line) => line.diverged && !line.faint)
        .map((line) => (
          <DivergedMark key={line.dataKey} line={line} scales={scales} area={area} />
        ))}
      <Crosshair lines={lines} hover={hover} scales={scales} area={area} tolerance={tolerance} />
      <rect
        className="series-pointer"
        x={area.x}
        y={area.y}
        width={area.width}
        height={area.height}
        fill="transparent"
        onPointerMove={onPointerMove}
        onPointerLeave={() => hover.update(() => undefined)}
      />
    </g>
  );
}

interface DivergedMarkProps {
  readonly line: ChartLine;
  readonly scales: { x: Scale; y: Scale };
  readonly area: { x: number; y: number; width: number; height: number };
}

/**
 * A diverged run's last finite point: a cross where it is, or, when the chart's range (set by the
 * runs still training) leaves it off scale, an arrow on the edge with its value.
 */
function DivergedMark({ line, scales, area }: DivergedMarkProps) {
  const last = line.points.at(-1);
  const x = last && scales.x(last.x);
  const y = last && scales.y(last.y);
  if (!last || x === undefined || y === undefined || x < area.x - 4 || x > area.x + area.width + 4)
    return null;
  const top = area.y;
  const bottom = area.y + area.height;
  const off = y < top ? 'above' : y > bottom ? 'below' : undefined;
  const label = `${line.name}: ${formatNumber(last.y)} then diverged`;
  /** The label reads away from the nearer edge, so it is never cut. */
  const leftHalf = x < area.x + area.width / 2;
  return (
    <g
      className="diverged-mark"
      data-testid="diverged-mark"
      data-off-scale={off ?? 'no'}
      pointerEvents="none"
      aria-label={label}
    >
      {off ? (
        <>
          <path
            d={
              off === 'above'
                ? `M${x - 5},${top + 8}L${x},${top}L${x + 5},${top + 8}Z`
                : `M${x - 5},${bottom - 8}L${x},${bottom}L${x + 5},${bottom - 8}Z`
            }
            fill={line.color}
          />
          <text
            x={leftHalf ? x + 8 : x - 8}
            y={off === 'above' ? top + 10 : bottom - 4}
            textAnchor={leftHalf ? 'start' : 'end'}
            fontSize={10}
            fill={line.color}
          >
            {label}
          </text>
        </>
      ) : (
        <path
          d={`M${x - 4},${y - 4}L${x + 4},${y + 4}M${x - 4},${y + 4}L${x + 4},${y - 4}`}
          stroke={line.color}
          strokeWidth={2}
        />
      )}
    </g>
  );
}

interface CrosshairProps {
  readonly lines: readonly ChartLine[];
  readonly hover: HoverStore;
  readonly scales: { x: Scale; y: Scale };
  readonly area: { x: number; y: number; width: number; height: number };
  readonly tolerance: number;
}

/** The synced vertical line and a dot on each line's nearest point; follows the pointer on every chart. */
function Crosshair({ lines, hover, scales, area, tolerance }: CrosshairProps) {
  const current = useHover(hover);
  if (!current) return null;
  const left = scales.x(current.x);
  if (left === undefined || left < area.x || left > area.x + area.width) return null;
  return (
    <g className="crosshair" pointerEvents="none">
      <line
        x1={left}
        x2={left}
        y1={area.y}
        y2={area.y + area.height}
        stroke="var(--muted)"
        strokeDasharray="3 3"
      />
      {pointsAt(lines, current.x, tolerance).map(({ line, point }) => (
        <circle
          key={line.dataKey}
          cx={scales.x(point.x)}
          cy={scales.y(point.y)}
          r={3.5}
          fill={line.color}
          stroke="var(--bg)"
        />
      ))}
    </g>
  );
}
