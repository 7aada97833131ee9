import { describe, expect, it } from 'vitest';
import type { RunView } from '../runViews';
import { emptySeries } from '../store';
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
