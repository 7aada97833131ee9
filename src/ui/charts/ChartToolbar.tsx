/** How the charts draw: smoothing, log y, the x-axis units, overlay or small multiples, and which charts. */

import { CHARTS } from './chartDefs';
import type { ChartSettings } from './chartLines';
import type { BandMode } from './seedLines';
import { X_AXES, X_AXIS_LABELS, type XAxisMode } from './xAxis';

export interface ViewSettings extends ChartSettings {
  readonly layout: 'overlay' | 'multiples';
  /** The chart shown per run in the small-multiples view. */
  readonly multiplesChart: string;
  /** The ids of the extra charts chosen under "More charts", in the order of CHARTS. */
  readonly extraCharts: readonly string[];
}

const EXTRA_CHARTS = CHARTS.filter((chart) => chart.extra);

/** The diagnostics beyond the nine main charts, as checkboxes in a disclosure. */
function MoreCharts({ chosen, onChange }: { chosen: readonly string[]; onChange: (ids: string[]) => void }) {
  const toggle = (id: string, on: boolean) =>
    onChange(EXTRA_CHARTS.map((c) => c.id).filter((c) => (c === id ? on : chosen.includes(c))));
  return (
    <details className="more-charts">
      <summary>More charts{chosen.length > 0 ? ` (${chosen.length})` : ''}</summary>
      <fieldset className="plain more-charts-list" aria-label="More charts">
        {EXTRA_CHARTS.map((chart) => (
          <label key={chart.id} className="inline" title={chart.hint}>
            <input
              type="checkbox"
              checked={chosen.includes(chart.id)}
              onChange={(e) => toggle(chart.id, e.target.checked)}
            />
            {chart.title}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

export function ChartToolbar({
  settings,
  onChange,
  seeded,
}: {
  settings: ViewSettings;
  onChange: (next: ViewSettings) => void;
  /** Some run trains over several seeds: offer the band and the replicas. */
  seeded: boolean;
}) {
  const set = (patch: Partial<ViewSettings>) => onChange({ ...settings, ...patch });
  return (
    <fieldset className="chart-toolbar plain" aria-label="Chart settings">
      <label className="inline">
        Smoothing
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={settings.smoothing}
          onChange={(e) => set({ smoothing: Number(e.target.value) })}
          aria-valuetext={settings.smoothing.toFixed(2)}
        />
        <output className="mono">{settings.smoothing.toFixed(2)}</output>
      </label>
      <label className="inline">
        <input type="checkbox" checked={settings.logY} onChange={(e) => set({ logY: e.target.checked })} />
        Log y
      </label>
      <label className="inline">
        x axis
        <select value={settings.xAxis} onChange={(e) => set({ xAxis: e.target.value as XAxisMode })}>
          {X_AXES.map((mode) => (
            <option key={mode} value={mode}>
              {X_AXIS_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="segmented plain" aria-label="Chart layout">
        <button
          type="button"
          aria-pressed={settings.layout === 'overlay'}
          onClick={() => set({ layout: 'overlay' })}
        >
          Overlaid
        </button>
        <button
          type="button"
          aria-pressed={settings.layout === 'multiples'}
          onClick={() => set({ layout: 'multiples' })}
        >
          One per run
        </button>
      </fieldset>
      {seeded && (
        <>
          <label className="inline" title="The shaded band around each run's mean over seeds">
            Band
            <select value={settings.band} onChange={(e) => set({ band: e.target.value as BandMode })}>
              <option value="std">±1 std</option>
              <option value="minmax">min–max</option>
            </select>
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={settings.replicas}
              onChange={(e) => set({ replicas: e.target.checked })}
            />
            Seeds
          </label>
        </>
      )}
      <MoreCharts chosen={settings.extraCharts} onChange={(extraCharts) => set({ extraCharts })} />
      {settings.layout === 'multiples' && (
        <label className="inline">
          Metric
          <select value={settings.multiplesChart} onChange={(e) => set({ multiplesChart: e.target.value })}>
            {CHARTS.map((chart) => (
              <option key={chart.id} value={chart.id}>
                {chart.title}
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  );
}
