/**
 * The probe charts: λ_max and the Hessian trace (± standard error) per run over steps, the flips under
 * SAM's vs BiSAM's adversaries at a common ρ, and the 1-D line. Recharts, without animation. With
 * several seeds each run is drawn as its mean over seeds with a band (error bars for the flips) of
 * ±1 std or min–max, the page-wide band setting of the training charts.
 */
import { type ReactNode, useRef } from 'react';
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ProbeRecord } from '../../config/probes';
import { useBandMode } from '../charts/bandSetting';
import { ChartDownloads } from '../charts/ChartDownloads';
import type { BandMode } from '../charts/seedLines';
import type { RunView } from '../runViews';
import { flipRows, lineRows, rowsOverSteps } from './probeData';

const HEIGHT = 200;
const ADVERSARY_COLOURS = { ce: '#64748b', qTanh: '#0891b2', qLog: '#9333ea' } as const;

function ProbeFigure(props: {
  id: string;
  title: string;
  hint: string;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  const figure = useRef<HTMLElement>(null);
  const { id, title, hint, empty, emptyText, children } = props;
  return (
    <figure className="chart" ref={figure} data-chart={id} aria-label={title}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <ChartDownloads figure={figure} title={title} chartId={id} disabled={empty} />
      </figcaption>
      <p className="chart-hint">{hint}</p>
      <div className="chart-body" style={{ height: HEIGHT }}>
        {empty ? <div className="chart-empty">{emptyText}</div> : children}
      </div>
    </figure>
  );
}

const axisTick = { fontSize: 11 };

/** The band over seeds behind a run's mean line (none where the run has one seed). */
function seedBand(run: RunView, rows: readonly Record<string, unknown>[]) {
  const key = `${run.key}:band`;
  if (!rows.some((row) => row[key] !== undefined)) return null;
  return (
    <Area
      key={key}
      dataKey={key}
      name={`${run.name} (seeds)`}
      stroke="none"
      fill={run.color}
      fillOpacity={0.18}
      isAnimationActive={false}
      connectNulls
      legendType="none"
      tooltipType="none"
    />
  );
}

function OverSteps({
  records,
  runs,
  kind,
  band,
}: {
  records: readonly ProbeRecord[];
  runs: readonly RunView[];
  kind: 'hessian' | 'trace';
  band: BandMode;
}) {
  const rows = rowsOverSteps(records, kind, band);
  const probed = runs.filter((run) => rows.some((row) => row[run.key] !== undefined));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <ComposedChart data={rows} margin={{ top: 6, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeOpacity={0.3} />
        <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={axisTick} />
        <YAxis tick={axisTick} width={52} />
        <Tooltip isAnimationActive={false} />
        {probed.map((run) => seedBand(run, rows))}
        {probed.map((run) => (
          <Line
            key={run.key}
            dataKey={run.key}
            name={run.name}
            stroke={run.color}
            dot
            isAnimationActive={false}
            connectNulls
          >
            {kind === 'trace' && <ErrorBar dataKey={`${run.key}:se`} stroke={run.color} width={4} />}
          </Line>
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

function Flips({
  records,
  runs,
  band,
}: {
  records: readonly ProbeRecord[];
  runs: readonly RunView[];
  band: BandMode;
}) {
  const rows = flipRows(records, new Map(runs.map((run) => [run.key, run.name])), band);
  const seeded = rows.some((row) => row['ce:error'] !== undefined);
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={rows} margin={{ top: 6, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeOpacity={0.3} />
        <XAxis dataKey="run" tick={axisTick} />
        <YAxis tick={axisTick} width={40} allowDecimals={false} />
        <Tooltip isAnimationActive={false} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Bar dataKey="ce" name="SAM (CE)" fill={ADVERSARY_COLOURS.ce} isAnimationActive={false}>
          {seeded && <ErrorBar dataKey="ce:error" stroke="#1f2937" width={4} />}
        </Bar>
        <Bar dataKey="qTanh" name="BiSAM Q_tanh" fill={ADVERSARY_COLOURS.qTanh} isAnimationActive={false}>
          {seeded && <ErrorBar dataKey="qTanh:error" stroke="#1f2937" width={4} />}
        </Bar>
        <Bar dataKey="qLog" name="BiSAM Q_log" fill={ADVERSARY_COLOURS.qLog} isAnimationActive={false}>
          {seeded && <ErrorBar dataKey="qLog:error" stroke="#1f2937" width={4} />}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

function LineLandscape({
  records,
  runs,
  band,
}: {
  records: readonly ProbeRecord[];
  runs: readonly RunView[];
  band: BandMode;
}) {
  const rows = lineRows(records, band);
  const drawn = runs.filter((run) => rows.some((row) => row[run.key] !== undefined));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <ComposedChart data={rows} margin={{ top: 6, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeOpacity={0.3} />
        <XAxis
          dataKey="t"
          type="number"
          domain={[-0.5, 1.5]}
          ticks={[-0.5, 0, 0.5, 1, 1.5]}
          tick={axisTick}
        />
        <YAxis tick={axisTick} width={52} scale="log" domain={['auto', 'auto']} allowDataOverflow />
        <Tooltip isAnimationActive={false} />
        {drawn.map((run) => seedBand(run, rows))}
        {drawn.map((run) => (
          <Line
            key={run.key}
            dataKey={run.key}
            name={run.name}
            stroke={run.color}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function ProbeCharts({
  records,
  runs,
}: {
  records: readonly ProbeRecord[];
  runs: readonly RunView[];
}) {
  const band = useBandMode();
  const has = (kind: ProbeRecord['kind']) => records.some((r) => r.kind === kind);
  return (
    <>
      <ProbeFigure
        id="probe-lambda"
        title="λ_max of the Hessian"
        hint="power iteration on the probe batch, same start vector for every run; with seeds, the mean and its spread over seeds"
        empty={!has('hessian')}
        emptyText="Run “λ_max”"
      >
        <OverSteps records={records} runs={runs} kind="hessian" band={band} />
      </ProbeFigure>
      <ProbeFigure
        id="probe-trace"
        title="Hessian trace ± s.e."
        hint="Hutchinson, the same Rademacher vectors for every run; with seeds, the mean and its spread over seeds"
        empty={!has('trace')}
        emptyText="Run “Trace”"
      >
        <OverSteps records={records} runs={runs} kind="trace" band={band} />
      </ProbeFigure>
      <ProbeFigure
        id="probe-flips"
        title="Flips under SAM's vs BiSAM's adversary"
        hint="probe examples right at w, wrong at w + e, same ρ for every run (latest); with seeds, the mean and its spread over seeds"
        empty={!has('common')}
        emptyText="Run “Common ρ”"
      >
        <Flips records={records} runs={runs} band={band} />
      </ProbeFigure>
      <ProbeFigure
        id="probe-line"
        title="Loss along the line init → now"
        hint="w(t) = (1−t)·w_init + t·w, t in [−0.5, 1.5] (latest per run); with seeds, the mean and its spread over seeds"
        empty={!has('line')}
        emptyText="Run “1-D line”"
      >
        <LineLandscape records={records} runs={runs} band={band} />
      </ProbeFigure>
    </>
  );
}
