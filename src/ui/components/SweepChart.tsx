/** Final test accuracy against the swept value, mean over seeds with ±1 std error bars. */
import { memo } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { SweepLine } from '../sweepPoints';

export const SweepChart = memo(function SweepChart({ lines }: { lines: readonly SweepLine[] }) {
  if (lines.length === 0) return null;
  const values = lines.flatMap((line) => line.points.map((p) => p.x));
  // A sweep over decades (ρ from 0.01 to 0.2) reads best on a log axis.
  const logX = Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) >= 10;
  return (
    <figure className="chart sweep-chart" data-testid="sweep-chart" aria-label="Sweep: final test accuracy">
      <figcaption>
        <span className="chart-title">
          Final test accuracy (%) against the swept value, mean ± std over seeds
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={220} initialDimension={{ width: 400, height: 220 }}>
        <LineChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="x"
            type="number"
            scale={logX ? 'log' : 'auto'}
            domain={['dataMin', 'dataMax']}
            allowDuplicatedCategory={false}
            tick={{ fontSize: 11, fill: 'var(--muted)' }}
            stroke="var(--muted)"
          />
          <YAxis
            domain={['auto', 'auto']}
            width={48}
            tick={{ fontSize: 11, fill: 'var(--muted)' }}
            stroke="var(--muted)"
          />
          <Legend />
          {lines.map((line) => (
            <Line
              key={line.label}
              data={line.points}
              dataKey="y"
              name={line.label}
              stroke={line.color}
              isAnimationActive={false}
            >
              <ErrorBar dataKey="error" direction="y" width={4} stroke={line.color} />
            </Line>
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
