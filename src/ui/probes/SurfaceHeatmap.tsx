/**
 * The 2-D loss surface around a run's weights as a heatmap (log loss, light = low) with contour lines,
 * a dot at the run's weights, and PNG/SVG downloads. Plain SVG: 441 cells need no chart library.
 */
import type { ProbeRecord } from '../../config/probes';
import { contourLevels, contourSegments } from './contours';
import { measuredWith } from './measuredWith';
import { ProbeFigure } from './ProbeFigure';

type SurfaceRecord = Extract<ProbeRecord, { kind: 'surface' }>;

const SIZE = 260;
const PAD = 22;
/** The other probe charts' height, for the note shown before the first surface. */
const EMPTY_HEIGHT = 200;
/** Viridis at five stops, reversed so the minimum is the light end. */
const STOPS = [
  [253, 231, 37],
  [94, 201, 98],
  [33, 145, 140],
  [59, 82, 139],
  [68, 1, 84],
];

function colour(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - k;
  const [a, b] = [STOPS[k] as number[], STOPS[k + 1] as number[]];
  return `rgb(${a.map((v, c) => Math.round(v + f * ((b[c] as number) - v))).join(',')})`;
}

export function SurfaceHeatmap({ record, runName }: { record?: SurfaceRecord; runName: string }) {
  const title = record
    ? `Loss surface of ${runName} at step ${record.step}`
    : 'Loss surface (2-D, filter-normalised)';
  return (
    <ProbeFigure
      id="probe-surface"
      title={title}
      hint="w + a·d₁ + b·d₂, a, b in [−1, 1]; colour log loss, light = low; 8 contours"
      selector="svg.probe-svg"
      measured={record ? measuredWith([record], 'surface') : undefined}
      {...(record ? {} : { emptyText: 'Run “2-D surface” on a run', height: EMPTY_HEIGHT })}
    >
      {record && <HeatmapSvg record={record} />}
    </ProbeFigure>
  );
}

function HeatmapSvg({ record }: { record: SurfaceRecord }) {
  const { loss, coordinates } = record.result;
  const n = coordinates.length;
  const logs = loss.map((row) => row.map((v) => Math.log(Math.max(v, 1e-12))));
  const flat = logs.flat();
  const [low, high] = [Math.min(...flat), Math.max(...flat)];
  const cell = SIZE / n;
  // Grid index → pixel, the second coordinate upwards; contours run between cell centres.
  const px = (i: number) => PAD + (i + 0.5) * cell;
  const py = (j: number) => PAD + SIZE - (j + 0.5) * cell;
  const segments = contourLevels(low, high, 8).flatMap((level) => contourSegments(logs, level));
  const path = segments
    .map(
      (s) => `M${px(s.x1).toFixed(1)},${py(s.y1).toFixed(1)}L${px(s.x2).toFixed(1)},${py(s.y2).toFixed(1)}`,
    )
    .join('');
  return (
    <svg
      className="probe-svg"
      width={SIZE + 2 * PAD}
      height={SIZE + 2 * PAD}
      role="img"
      aria-label="loss surface heatmap"
    >
      {logs.map((row, i) =>
        row.map((value, j) => (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed grid; the index is the cell
            key={`${i}-${j}`}
            x={PAD + i * cell}
            y={PAD + SIZE - (j + 1) * cell}
            width={cell + 0.5}
            height={cell + 0.5}
            fill={colour(high > low ? (value - low) / (high - low) : 0)}
          >
            <title>{`a ${coordinates[i]?.toFixed(2)}, b ${coordinates[j]?.toFixed(2)}: loss ${loss[i]?.[j]?.toPrecision(4)}`}</title>
          </rect>
        )),
      )}
      <path
        d={path}
        stroke="white"
        strokeOpacity={0.8}
        strokeWidth={1}
        fill="none"
        className="probe-contours"
      />
      <circle cx={PAD + SIZE / 2} cy={PAD + SIZE / 2} r={3} fill="red" />
      <text x={PAD + SIZE / 2} y={SIZE + 2 * PAD - 6} textAnchor="middle" fontSize={11} fill="var(--muted)">
        a (d₁)
      </text>
      <text
        x={10}
        y={PAD + SIZE / 2}
        textAnchor="middle"
        fontSize={11}
        fill="var(--muted)"
        transform={`rotate(-90 10 ${PAD + SIZE / 2})`}
      >
        b (d₂)
      </text>
    </svg>
  );
}
