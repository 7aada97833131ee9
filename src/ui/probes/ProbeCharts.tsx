/**
 * The probe charts: λ_max and the Hessian trace (± standard error) per run over steps, the flips under
 * SAM's vs BiSAM's adversaries at a common ρ, and the 1-D lines. Recharts, without animation; live
 * and imported runs alike (an imported bundle's records come keyed by its runs' page keys). With
 * several seeds each run (or line) is drawn as its mean over seeds with a band (error bars for the
 * flips) of ±1 std or min–max: the page-wide band setting of the training charts.
 */
import type { ComponentType } from 'react';
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
import type { RunView } from '../runViews';
import { measuredWith } from './measuredWith';
import { ProbeFigure } from './ProbeFigure';
import { flipRows, latestLines, lineRows, lineStart, rowsOverSteps } from './probeData';

const HEIGHT = 200;
const ADVERSARY_COLOURS = { ce: '#64748b', qTanh: '#0891b2', qLog: '#9333ea' } as const;

const axisTick = { fontSize: 11 };

/** The band over seeds behind the mean line in column `key` (none where it has one seed). */
function seedBand(key: string, color: string | undefined, rows: readonly Record<string, unknown>[]) {
  const band = `${key}:band`;
  if (!rows.some((row) => row[band] !== undefined)) return null;
  return (
    <Area
      key={band}
      dataKey={band}
      stroke="none"
      fill={color}
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
}: {
  records: readonly ProbeRecord[];
  runs: readonly RunView[];
  kind: 'hessian' | 'trace';
}) {
  const rows = rowsOverSteps(records, kind, useBandMode());
  const probed = runs.filter((run) => rows.some((row) => row[run.key] !== undefined));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <ComposedChart data={rows} margin={{ top: 6, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeOpacity={0.3} />
        <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={axisTick} />
        <YAxis tick={axisTick} width={52} />
        <Tooltip isAnimationActive={false} />
        {probed.map((run) => seedBand(run.key, run.color, rows))}
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

function Flips({ records, runs }: { records: readonly ProbeRecord[]; runs: readonly RunView[] }) {
  const rows = flipRows(records, new Map(runs.map((run) => [run.key, run.name])), useBandMode());
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

/** Each init → run line under the run's name, each run → run line as "A → B", dashed. */
function LineLandscape({ records, runs }: { records: readonly ProbeRecord[]; runs: readonly RunView[] }) {
  const byKey = new Map(runs.map((run) => [run.key, run]));
  const lines = latestLines(records).filter((seeds) => byKey.has(seeds[0]?.runId ?? ''));
  const rows = lineRows(lines, useBandMode());
  const nameOf = (key: string) => byKey.get(key)?.name ?? key;
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
        {lines.map((seeds, i) => seedBand(`line${i}`, byKey.get(seeds[0]?.runId ?? '')?.color, rows))}
        {lines.map((seeds, i) => {
          const line = seeds[0] as (typeof seeds)[number];
          const start = lineStart(line);
          return (
            <Line
              key={`${start}>${line.runId}`}
              dataKey={`line${i}`}
              name={start === 'init' ? nameOf(line.runId) : `${nameOf(start)} → ${nameOf(line.runId)}`}
              stroke={byKey.get(line.runId)?.color}
              strokeDasharray={start === 'init' ? undefined : '6 3'}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          );
        })}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

interface ChartProps {
  readonly records: readonly ProbeRecord[];
  readonly runs: readonly RunView[];
}

/** The probe charts in page order: which records each draws, and how. */
const FIGURES: readonly {
  id: string;
  kind: ProbeRecord['kind'];
  title: string;
  hint: string;
  button: string;
  Chart: ComponentType<ChartProps>;
}[] = [
  {
    id: 'probe-lambda',
    kind: 'hessian',
    title: 'λ_max of the Hessian',
    hint: 'power iteration on the probe batch, same start vector for every run; with seeds, their mean and spread',
    button: 'λ_max',
    Chart: (props) => <OverSteps {...props} kind="hessian" />,
  },
  {
    id: 'probe-trace',
    kind: 'trace',
    title: 'Hessian trace ± s.e.',
    hint: 'Hutchinson, the same Rademacher vectors for every run; with seeds, their mean and spread',
    button: 'Trace',
    Chart: (props) => <OverSteps {...props} kind="trace" />,
  },
  {
    id: 'probe-flips',
    kind: 'common',
    title: "Flips under SAM's vs BiSAM's adversary",
    hint: 'probe examples right at w, wrong at w + e, same ρ for every run (latest); with seeds, their mean and spread',
    button: 'Common ρ',
    Chart: Flips,
  },
  {
    id: 'probe-line',
    kind: 'line',
    title: 'Loss along 1-D lines',
    hint: 'w(t) = (1−t)·w_a + t·w_b, t in [−0.5, 1.5]; w_a the initial weights or another run (dashed); with seeds, their mean and spread',
    button: '1-D line',
    Chart: LineLandscape,
  },
];

export function ProbeCharts({ records, runs }: ChartProps) {
  const shown = new Set(runs.map((run) => run.key));
  const drawn = records.filter((r) => shown.has(r.runId));
  return (
    <>
      {FIGURES.map((figure) => (
        <ProbeFigure
          key={figure.id}
          id={figure.id}
          title={figure.title}
          hint={figure.hint}
          measured={measuredWith(drawn, figure.kind)}
          height={HEIGHT}
          {...(drawn.some((r) => r.kind === figure.kind) ? {} : { emptyText: `Run “${figure.button}”` })}
        >
          <figure.Chart records={records} runs={runs} />
        </ProbeFigure>
      ))}
    </>
  );
}
