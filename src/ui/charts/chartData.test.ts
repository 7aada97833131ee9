import { describe, expect, it } from 'vitest';
import type { RunView } from '../runViews';
import { emptySeries } from '../store';
import { mergeRows } from './chartRows';
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

describe('mergeRows', () => {
  it('merges short lines exactly, one row per x', () => {
    const rows = mergeRows(
      [
        {
          dataKey: 'a',
          points: [
            { x: 0, y: 1 },
            { x: 1, y: 2 },
          ],
        },
        { dataKey: 'b', points: [{ x: 1, y: 5 }] },
      ],
      10,
    );
    expect(rows).toEqual([
      { x: 0, a: 1 },
      { x: 1, a: 2, b: 5 },
    ]);
  });

  it('puts long lines on a shared grid that keeps every line’s extremes', () => {
    const points = (spike: number) =>
      Array.from({ length: 1000 }, (_, x) => ({ x, y: x === spike ? 50 : Math.sin(x) }));
    const rows = mergeRows(
      [
        { dataKey: 'a', points: points(123) },
        { dataKey: 'b', points: points(777) },
      ],
      50,
    );
    expect(rows.length).toBeLessThanOrEqual(100);
    expect(rows.every((row) => 'a' in row && 'b' in row)).toBe(true);
    expect(Math.max(...rows.map((row) => row.a as number))).toBe(50);
    expect(Math.max(...rows.map((row) => row.b as number))).toBe(50);
    expect(Math.min(...rows.map((row) => row.a as number))).toBeCloseTo(-1, 2);
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
