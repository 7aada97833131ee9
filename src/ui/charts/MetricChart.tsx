/** One metric, all runs overlaid. Series are downsampled to about the chart's width; no animation while streaming. */
import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { downsampleMinMax, type Point } from './downsample';

export interface ChartSeries {
  readonly id: string;
  readonly name: string;
  readonly color: string;
  readonly points: readonly Point[];
  /** Drawn faint behind the main line (the raw curve under a smoothed one). */
  readonly faint?: boolean;
  readonly dashed?: boolean;
}

interface MetricChartProps {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  readonly yDomain?: [number | 'auto', number | 'auto'];
  /** Changes whenever the data did; the chart redraws only then. */
  readonly version: number;
}

const MAX_POINTS = 600;

function MetricChartView({ title, series, yDomain }: MetricChartProps) {
  const empty = series.every((s) => s.points.length === 0);
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      {empty ? (
        <div className="chart-empty">No data yet: press Train.</div>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <LineChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis
              type="number"
              dataKey="x"
              domain={['dataMin', 'dataMax']}
              allowDuplicatedCategory={false}
              tick={{ fontSize: 11 }}
            />
            <YAxis
              type="number"
              domain={yDomain ?? ['auto', 'auto']}
              tick={{ fontSize: 11 }}
              width={48}
              tickFormatter={formatTick}
            />
            <Tooltip
              formatter={(value) => (typeof value === 'number' ? value.toFixed(4) : String(value))}
              labelFormatter={(x) => `step ${x}`}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Line
                key={s.id}
                data={downsampleMinMax(s.points, MAX_POINTS)}
                dataKey="y"
                name={s.name}
                stroke={s.color}
                strokeOpacity={s.faint ? 0.25 : 1}
                strokeDasharray={s.dashed ? '5 3' : undefined}
                dot={s.dashed ? { r: 2 } : false}
                isAnimationActive={false}
                legendType={s.faint ? 'none' : 'line'}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}

function formatTick(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}

/** Redraws only when `version` changes, so unrelated state (a button's focus) costs nothing. */
export const MetricChart = memo(
  MetricChartView,
  (before, after) => before.version === after.version && before.title === after.title,
);
