/**
 * The probe charts: λ_max and the Hessian trace (± standard error) per run over steps, the flips under
 * SAM's vs BiSAM's adversaries at a common ρ, and the 1-D line. Recharts, without animation.
 */
import { type ReactNode, useRef } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ProbeRecord } from '../../config/probes';
import { ChartDownloads } from '../charts/ChartDownloads';
import type { RunView } from '../runViews';
import { flipRows, latestByRun, rowsOverSteps } from './probeData';

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

function OverSteps({
  records,
  runs,
  kind,
}: {
  records: readonly ProbeRecord[];
  runs: readonly RunView[];
  kind: 'hessian' | 'trace';
}) {
  const rows = rowsOverSteps(records, kind);
  const probed = runs.filter((run) => rows.some((row) => row[run.key] !== undefined));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeOpacity={0.3} />
        <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={axisTick} />
        <YAxis tick={axisTick} width={52} />
        <Tooltip isAnimationActive={false} />
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
      </LineChart>
    </ResponsiveContainer>
  );
}

function Flips({ records, runs }: { records: readonly ProbeRecord[]; runs: readonly RunView[] }) {
  const rows = flipRows(records, new Map(runs.map((run) => [run.key, run.name])));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={rows} margin={{ top: 6, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeOpacity={0.3} />
        <XAxis dataKey="run" tick={axisTick} />
        <YAxis tick={axisTick} width={40} allowDecimals={false} />
        <Tooltip isAnimationActive={false} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Bar dataKey="ce" name="SAM (CE)" fill={ADVERSARY_COLOURS.ce} isAnimationActive={false} />
        <Bar dataKey="qTanh" name="BiSAM Q_tanh" fill={ADVERSARY_COLOURS.qTanh} isAnimationActive={false} />
        <Bar dataKey="qLog" name="BiSAM Q_log" fill={ADVERSARY_COLOURS.qLog} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

function LineLandscape({ records, runs }: { records: readonly ProbeRecord[]; runs: readonly RunView[] }) {
  const latest = latestByRun(records, 'line');
  const first = [...latest.values()][0];
  const rows = (first?.result.t ?? []).map((t, i) =>
    Object.fromEntries([['t', t], ...[...latest].map(([runId, r]) => [runId, r.result.loss[i]])]),
  );
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 4, left: 4 }}>
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
        {runs
          .filter((run) => latest.has(run.key))
          .map((run) => (
            <Line
              key={run.key}
              dataKey={run.key}
              name={run.name}
              stroke={run.color}
              dot={false}
              isAnimationActive={false}
            />
          ))}
      </LineChart>
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
  const has = (kind: ProbeRecord['kind']) => records.some((r) => r.kind === kind);
  return (
    <>
      <ProbeFigure
        id="probe-lambda"
        title="λ_max of the Hessian"
        hint="power iteration on the probe batch, same start vector for every run"
        empty={!has('hessian')}
        emptyText="Run “λ_max”"
      >
        <OverSteps records={records} runs={runs} kind="hessian" />
      </ProbeFigure>
      <ProbeFigure
        id="probe-trace"
        title="Hessian trace ± s.e."
        hint="Hutchinson, the same Rademacher vectors for every run"
        empty={!has('trace')}
        emptyText="Run “Trace”"
      >
        <OverSteps records={records} runs={runs} kind="trace" />
      </ProbeFigure>
      <ProbeFigure
        id="probe-flips"
        title="Flips under SAM's vs BiSAM's adversary"
        hint="probe examples right at w, wrong at w + e, same ρ for every run (latest)"
        empty={!has('common')}
        emptyText="Run “Common ρ”"
      >
        <Flips records={records} runs={runs} />
      </ProbeFigure>
      <ProbeFigure
        id="probe-line"
        title="Loss along the line init → now"
        hint="w(t) = (1−t)·w_init + t·w, t in [−0.5, 1.5] (latest per run)"
        empty={!has('line')}
        emptyText="Run “1-D line”"
      >
        <LineLandscape records={records} runs={runs} />
      </ProbeFigure>
    </>
  );
}
