import { describe, expect, it } from 'vitest';
import type { RunView } from '../runViews';
import { emptySeries } from '../store';
import { CHARTS } from './chartDefs';
import { chartLines, lineExtent, scaleLines } from './chartLines';
import { buildMarkers } from './markers';
import { xOfIndex, xOfStep } from './xAxis';

function run(gradEvalsPerStep: number): RunView {
  const series = emptySeries('sam');
  series.steps.push(0, 1, 2, 3);
  series.wallMs.push(100, 200, 300, 400);
  return {
    key: 'sam',
    name: 'SAM',
    color: '#dc2626',
    optimizer: 'sam',
    series,
    gradEvalsPerStep,
    stepsPerEpoch: 2,
  };
}

describe('x-axis units', () => {
  it('maps steps to epochs, gradient evaluations and training time', () => {
    const sam = run(2);
    expect(xOfStep('step', sam, 3)).toBe(3);
    expect(xOfStep('epoch', sam, 3)).toBe(1.5);
    expect(xOfStep('gradEvals', sam, 3)).toBe(6); // two passes per step
    // The weights after 3 updates exist once step index 2 has finished, at 300 ms.
    expect(xOfStep('wallTime', sam, 3)).toBe(0.3);
    expect(xOfIndex('wallTime', sam, 3)).toBe(0.4);
  });
});

describe('buildMarkers', () => {
  it('marks a live change at the x where it took effect, in the run’s colour, with paper symbols', () => {
    const markers = buildMarkers(
      [run(2)],
      () => [{ kind: 'hyperparams', runId: 'sam', step: 2, key: 'rho', from: 0.05, to: 0.1 }],
      'gradEvals',
    );
    expect(markers).toEqual([{ id: 'sam-0', runKey: 'sam', x: 4, color: '#dc2626', label: 'ρ 0.05→0.1' }]);
  });
});

describe('the y-range with a diverged run', () => {
  const lossRun = (key: string, losses: number[], diverged: boolean): RunView => {
    const series = emptySeries(key);
    series.steps.push(...losses.map((_, i) => i));
    series.wallMs.push(...losses.map((_, i) => i * 10));
    series.values.loss = losses;
    if (diverged) series.status = 'diverged';
    return {
      key,
      name: key,
      color: '#2563eb',
      optimizer: 'sgd',
      series,
      gradEvalsPerStep: 1,
      stepsPerEpoch: 10,
    };
  };
  const lossChart = CHARTS.find((def) => def.id === 'loss') as (typeof CHARTS)[number];
  const settings = { smoothing: 0, logY: false, xAxis: 'step', band: 'std', replicas: false } as const;

  it('is set by the runs still training, so a loss of 1.2e20 does not flatten them', () => {
    const lines = chartLines(
      lossChart,
      [lossRun('calm', [2.3, 1.9, 1.6], false), lossRun('wild', [2.3, 40, 1.2e20], true)],
      settings,
    );
    expect(lineExtent(scaleLines(lines), 'y')).toEqual([1.6, 2.3]);
  });

  it('falls back to every line when all runs diverged', () => {
    const lines = chartLines(lossChart, [lossRun('wild', [2.3, 1.2e20], true)], settings);
    expect(lineExtent(scaleLines(lines), 'y')).toEqual([2.3, 1.2e20]);
  });
});
