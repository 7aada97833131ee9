/**
 * The chart area: toolbar, one legend for all charts, then either every metric with all runs overlaid
 * or one metric as small multiples (one chart per run, shared axes). Lines are rebuilt only when the
 * data version or a setting changes; their cost is bounded by the downsampling, not the run length.
 */
import { useMemo, useState } from 'react';
import type { BundleEvent } from '../../config/bundle';
import type { RunView } from '../runViews';
import type { AppState } from '../store';
import { setBandMode, useBandMode } from './bandSetting';
import { ChartToolbar, type ViewSettings } from './ChartToolbar';
import { CHARTS, type ChartDef } from './chartDefs';
import { type ChartLine, chartLines, lineExtent, scaleLines } from './chartLines';
import { createHoverStore, type HoverStore } from './hoverStore';
import { MetricChart } from './MetricChart';
import { buildMarkers, type Marker } from './markers';
import { RunLegend } from './RunLegend';
import { X_AXIS_LABELS } from './xAxis';

const CHART_HEIGHT = 180;
const NO_DATA = 'No data yet: press Train.';
const NOT_MEASURED = 'Not measured by the runs shown (SGD measures sharpness only with a probe).';

interface ChartsProps {
  readonly state: AppState;
  readonly runs: readonly RunView[];
  /** Bumps when the data changed (paced); the charts redraw only then. */
  readonly version: number;
  readonly onToggleRun: (key: string) => void;
}

/** Events by run key: the session's for live runs, each bundle's own for imported runs. */
function eventsByRun(state: AppState): Map<string, BundleEvent[]> {
  const byRun = new Map<string, BundleEvent[]>();
  const add = (key: string, event: BundleEvent) => byRun.set(key, [...(byRun.get(key) ?? []), event]);
  for (const event of state.events) if ('runId' in event) add(event.runId, event);
  for (const bundle of state.imported)
    for (const event of bundle.events) if ('runId' in event) add(`${bundle.id}/${event.runId}`, event);
  return byRun;
}

export function Charts({ state, runs, version, onToggleRun }: ChartsProps) {
  const [settings, setSettings] = useState<ViewSettings>({
    smoothing: 0.6,
    logY: false,
    xAxis: 'step',
    layout: 'overlay',
    multiplesChart: 'loss',
    extraCharts: [],
    band: 'std',
    replicas: false,
  });
  const hover = useMemo(createHoverStore, []);
  const { hidden } = state;
  const visible = useMemo(() => runs.filter((run) => !hidden.has(run.key)), [runs, hidden]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: events grow in place; `version` says when
  const events = useMemo(() => eventsByRun(state), [version, state.imported]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: series grow in place; `version` says when
  const markers = useMemo(
    () => buildMarkers(visible, (run) => events.get(run.key) ?? [], settings.xAxis),
    [visible, events, settings.xAxis, version],
  );
  const band = useBandMode();
  const { smoothing, logY, xAxis, extraCharts, layout, multiplesChart, replicas } = settings;
  const noisyLabels = (state.config.labelNoise?.rate ?? 0) > 0;
  const shown = useMemo(
    () =>
      CHARTS.filter((def) => !def.labelNoiseOnly || noisyLabels).filter((def) =>
        layout === 'multiples' ? def.id === multiplesChart : !def.extra || extraCharts.includes(def.id),
      ),
    [layout, multiplesChart, extraCharts, noisyLabels],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: series grow in place; `version` says when
  const lines = useMemo(
    () =>
      new Map(
        shown.map((def) => [def.id, chartLines(def, visible, { smoothing, logY, xAxis, band, replicas })]),
      ),
    [shown, visible, smoothing, logY, xAxis, band, replicas, version],
  );
  // One x range for every overlaid chart, so the charts line up under the synced crosshair.
  const sharedX = useMemo(() => lineExtent([...lines.values()].flat(), 'x'), [lines]);
  const xLabel = X_AXIS_LABELS[settings.xAxis];
  const anyData = visible.some((run) => (run.series?.steps.length ?? 0) > 0);
  const emptyText = anyData ? NOT_MEASURED : NO_DATA;
  return (
    <section className="charts-panel" aria-label="Charts">
      <ChartToolbar
        settings={{ ...settings, band }}
        onChange={(next) => {
          setBandMode(next.band);
          setSettings(next);
        }}
        seeded={runs.some((run) => run.series?.replicas !== undefined)}
      />
      <RunLegend runs={runs} hidden={hidden} onToggle={onToggleRun} />
      {settings.layout === 'overlay' ? (
        <div className="charts" data-testid="charts">
          {shown.map((def) => (
            <MetricChart
              key={def.id}
              id={def.id}
              title={def.title}
              hint={def.hint}
              lines={lines.get(def.id) ?? []}
              markers={markers}
              logY={settings.logY}
              xLabel={xLabel}
              height={CHART_HEIGHT}
              hover={hover}
              xDomain={sharedX}
              emptyText={emptyText}
            />
          ))}
        </div>
      ) : (
        <SmallMultiples
          def={CHARTS.find((c) => c.id === settings.multiplesChart) ?? (CHARTS[0] as ChartDef)}
          runs={visible}
          lines={lines.get(settings.multiplesChart) ?? []}
          markers={markers}
          logY={settings.logY}
          xLabel={xLabel}
          hover={hover}
          emptyText={emptyText}
        />
      )}
    </section>
  );
}

interface SmallMultiplesProps {
  readonly def: ChartDef;
  readonly runs: readonly RunView[];
  readonly lines: readonly ChartLine[];
  readonly markers: readonly Marker[];
  readonly logY: boolean;
  readonly xLabel: string;
  readonly hover: HoverStore;
  readonly emptyText: string;
}

/** One small chart per run, all on the same axes so shapes compare at a glance. */
function SmallMultiples({ def, runs, lines, markers, logY, xLabel, hover, emptyText }: SmallMultiplesProps) {
  const perRun = useMemo(
    () =>
      new Map(
        runs.map((run) => [
          run.key,
          {
            lines: lines.filter((l) => l.runKey === run.key),
            markers: markers.filter((m) => m.runKey === run.key),
          },
        ]),
      ),
    [runs, lines, markers],
  );
  const xDomain = useMemo(() => lineExtent(lines, 'x'), [lines]);
  const yDomain = useMemo(() => lineExtent(scaleLines(lines), 'y'), [lines]);
  return (
    <div className="charts multiples" data-testid="small-multiples">
      {runs.map((run) => (
        <MetricChart
          key={run.key}
          id={`${def.id}-${run.key}`}
          title={`${def.title}: ${run.name}`}
          lines={perRun.get(run.key)?.lines ?? []}
          markers={perRun.get(run.key)?.markers ?? []}
          logY={logY}
          xLabel={xLabel}
          height={CHART_HEIGHT}
          hover={hover}
          xDomain={xDomain}
          yDomain={yDomain}
          emptyText={emptyText}
        />
      ))}
    </div>
  );
}
