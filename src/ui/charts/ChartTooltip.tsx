/** The numbers under the crosshair, beside the pointer, on the chart the pointer (or keyboard focus) is on. */

import { formatNumber } from '../formatNumber';
import type { ChartLine } from './chartLines';
import { type HoverStore, useHover } from './hoverStore';
import { bandPointAt, pointsAt } from './seriesGeometry';

import { formatX } from './xAxis';

/** The crosshair reads a run over seeds as mean ± std. */
const spreadText = (std: number | undefined) =>
  std !== undefined && Number.isFinite(std) ? ` ± ${formatNumber(std)}` : '';

interface ChartTooltipProps {
  readonly chartId: string;
  readonly hover: HoverStore;
  readonly lines: readonly ChartLine[];
  readonly xLabel: string;
  readonly tolerance: number;
}

export function ChartTooltip({ chartId, hover, lines, xLabel, tolerance }: ChartTooltipProps) {
  const current = useHover(hover);
  if (current?.chartId !== chartId) return null;
  const rows = pointsAt(lines, current.x, tolerance);
  // Beside the pointer, on the side with more room; docked top right when the keyboard moved it.
  const style =
    current.left === undefined || current.top === undefined
      ? { right: 12, top: 4 }
      : {
          left: current.left + 14,
          top: Math.max(0, current.top - 20),
          transform: current.left > 200 ? 'translateX(calc(-100% - 28px))' : undefined,
        };
  return (
    <div className="chart-tooltip" style={style} data-testid="chart-tooltip">
      <div className="chart-tooltip-label">
        {xLabel} {formatX(current.x)}
      </div>
      {rows.length === 0 ? (
        <div className="chart-tooltip-empty">no point here</div>
      ) : (
        rows.map(({ line, point }) => (
          <div key={line.dataKey} className="chart-tooltip-row" style={{ color: line.color }}>
            {line.name}: <b>{formatNumber(point.y)}</b>
            {spreadText(bandPointAt(line.band, point.x)?.std)}
          </div>
        ))
      )}
    </div>
  );
}
