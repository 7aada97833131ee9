/** The live charts: training loss, and train/test accuracy, all runs overlaid. */
import type { RunConfig } from '../../config/schema';
import type { AppState } from '../store';
import { MetricChart } from './MetricChart';
import { evaluationSeries, type RunLabel, stepSeries } from './seriesFromRuns';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
const SMOOTHING = 0.9;

export function Charts({ state, runs }: { state: AppState; runs: readonly RunConfig[] }) {
  const labels = new Map<string, RunLabel>(
    runs.map((run, i) => [run.id, { name: run.name, color: PALETTE[i % PALETTE.length] as string }]),
  );
  const { version } = state;
  return (
    <section className="charts" data-testid="charts">
      <MetricChart
        title="Training loss (cross-entropy)"
        version={version}
        series={stepSeries(state.runs, labels, 'loss', SMOOTHING)}
      />
      <MetricChart
        title="Accuracy (train, smoothed; test, dashed)"
        version={version}
        yDomain={[0, 1]}
        series={[
          ...stepSeries(state.runs, labels, 'accuracy', SMOOTHING, ' train').filter((s) => !s.faint),
          ...evaluationSeries(state.runs, labels, 'testAccuracy'),
        ]}
      />
      <MetricChart
        title="Test loss"
        version={version}
        series={evaluationSeries(state.runs, labels, 'testLoss')}
      />
    </section>
  );
}
